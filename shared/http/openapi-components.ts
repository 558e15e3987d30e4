import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';

export type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/**
 * zod's JSON Schema, tidied for the document: a `pattern` zod writes beside a `format` it implies
 * (date-time, date, email) only repeats the format in a form no reader can follow, and the
 * safe-integer bounds of `.int()` say nothing a client needs.
 */
const tidy = ({ jsonSchema }: { jsonSchema: JsonSchema }): void => {
  if (typeof jsonSchema.format === 'string' && ['date-time', 'date', 'email'].includes(jsonSchema.format)) delete jsonSchema.pattern;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
};

/**
 * zod drops the examples of any input schema that transforms somewhere inside, since a pipe's
 * examples are its output. A request body's examples are what a client sends (a phone in any
 * format, normalized by the body's transform), so an object's own examples are kept; the test of
 * the document checks each one against the body schema.
 */
const keepBodyExamples = ({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }): void => {
  const examples = z.globalRegistry.get(zodSchema)?.examples;
  if (zodSchema._zod.def.type === 'object' && examples !== undefined && jsonSchema.examples === undefined) jsonSchema.examples = examples;
};

const rewriteRefs = (value: unknown, names: Map<string, string>): unknown => {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, names));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
        const id = decodeURIComponent(inner.slice('#/$defs/'.length));
        return [key, `${COMPONENTS}${names.get(id) ?? id}`];
      }
      return [key, rewriteRefs(inner, names)];
    }),
  );
};

/**
 * The `components.schemas` of the document, filled as schemas are described. Every zod schema
 * with a `.meta({ id })` becomes one named component, referred to wherever it is used; answers are
 * described as the server writes them (`io: 'output'`), request bodies as a client sends them
 * (`io: 'input'`). A component that reads differently as input (a default makes a field optional)
 * is named `<id>Input`; two different schemas under one id are a mistake this refuses.
 */
export class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  describe(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const override = (context: Parameters<typeof keepBodyExamples>[0]) => {
      tidy(context);
      if (io === 'input') keepBodyExamples(context);
    };
    const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any', override }) as JsonSchema;
    const defs = ($defs ?? {}) as Record<string, JsonSchema>;
    const names = new Map(Object.keys(defs).map((id) => [id, id]));
    // An input def that differs from the output component of the same id gets its own name; its
    // new name can change the defs that refer to it, so look again until nothing moves.
    for (let changed = true; changed; ) {
      changed = false;
      for (const [id, def] of Object.entries(defs)) {
        const existing = this.schemas[names.get(id)!];
        if (existing === undefined || isDeepStrictEqual(existing, rewriteRefs(def, names))) continue;
        if (io === 'output' || names.get(id) !== id) throw new Error(`Two different schemas are both named ${id}`);
        names.set(id, `${id}Input`);
        changed = true;
      }
    }
    for (const [id, def] of Object.entries(defs)) this.schemas[names.get(id)!] ??= rewriteRefs(def, names) as JsonSchema;
    return rewriteRefs(root, names) as JsonSchema;
  }

  /** Follows `$ref`s to components: what a described schema is, for questions like "has it a version?". */
  resolve(schema: JsonSchema): JsonSchema {
    const ref = schema.$ref;
    return typeof ref === 'string' && ref.startsWith(COMPONENTS) ? this.resolve(this.schemas[ref.slice(COMPONENTS.length)] ?? {}) : schema;
  }
}
