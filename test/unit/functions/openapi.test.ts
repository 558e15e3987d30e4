import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { compressedOpenApiDocument } from '#functions/platform/openapi-document.generated';
import { OPENAPI_FILE, OPENAPI_TYPES_FILE, renderOpenApi, renderOpenApiTypes } from '#scripts/openapi/write-openapi';
import { decompressJson } from '#shared/runtime/compressed-json';

const generated = renderOpenApi();
const documentOf = async () => JSON.parse(await generated) as { paths: Record<string, Record<string, any>>; components: any };
const operationsOf = (document: { paths: Record<string, Record<string, any>> }) =>
  Object.entries(document.paths).flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ path, method, operation })));

describe('docs/openapi.json', () => {
  it('is what the manifest and the handlers’ schemas generate (run `npm run openapi` after a change)', async () => {
    expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(await generated);
  });

  it('comes with the types openapi-typescript generates from it (docs/openapi.d.ts)', async () => {
    expect(await readFile(OPENAPI_TYPES_FILE, 'utf8')).toBe(await renderOpenApiTypes(await generated));
  });

  it('is embedded, compressed, in the module GET /v1/openapi.json serves it from (run `npm run openapi` after a change)', async () => {
    expect(decompressJson(Buffer.from(compressedOpenApiDocument, 'base64'))).toEqual(await documentOf());
  });

  it('describes request bodies from the zod schemas, strict as the handlers are', async () => {
    const document = await documentOf();

    const createCustomer = document.paths['/v1/customers']!.post.requestBody.content['application/json'].schema;

    expect(createCustomer.required).toContain('name');
    expect(createCustomer.additionalProperties).toBe(false);
    expect(createCustomer.properties.phone).toMatchObject({ type: 'string' });
  });

  it('describes the success answer of every operation: a body schema, another media type, or none for a 204', async () => {
    const document = await documentOf();

    for (const { path, method, operation } of operationsOf(document)) {
      const successes = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect(successes.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [status, response] of successes as [string, any][]) {
        if (status === '204') expect(response.content, `${method} ${path}`).toBeUndefined();
        else expect(Object.values(response.content ?? {}).every((media: any) => media.schema && Object.keys(media.schema).length > 0), `${method} ${path} ${status}`).toBe(true);
      }
    }
  });

  it('describes the problems of every operation as problem+json, from what the operation is', async () => {
    const document = await documentOf();
    const operation = (path: string, method: string) => document.paths[path]![method];

    for (const { path, method, operation: described } of operationsOf(document)) {
      expect(Object.keys(described.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['413', '429', '500', '503']));
    }
    expect(Object.keys(operation('/v1/health', 'get').responses)).toEqual(['200', '413', '429', '500', '503']);
    expect(Object.keys(operation('/v1/customers/{customerId}', 'patch').responses)).toEqual(['200', '400', '401', '403', '404', '409', '412', '413', '415', '429', '500', '503']);
    expect(Object.keys(operation('/v1/customers', 'post').responses)).toEqual(['201', '400', '401', '403', '409', '413', '415', '422', '429', '500', '503']);
    expect(operation('/v1/customers', 'post').responses['409'].$ref).toBe('#/components/responses/CustomerConflict');
    expect(Object.keys(operation('/v1/auth/login', 'post').responses)).toContain('401');
    expect(document.components.responses.RateLimited.headers['Retry-After']).toBeDefined();
    expect(document.components.responses.Unavailable.content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
  });

  it('names the permission of each operation, and which API key scope grants it', async () => {
    const document = await documentOf();

    const reveal = document.paths['/v1/customers/{customerId}/export']!.get;
    const close = document.paths['/v1/tenant']!.delete;

    expect(reveal['x-dossier-permission']).toBe('customers:reveal');
    expect(reveal.security).toEqual([{ session: [] }, { apiKey: ['customers:reveal'] }]);
    expect(close.security).toEqual([{ session: [] }]);
    expect(document.paths['/v1/health']!.get.security).toEqual([]);
  });

  it('describes a customer both masked and revealed', async () => {
    const document = await documentOf();

    const read = document.paths['/v1/customers/{customerId}']!.get.responses['200'].content['application/json'].schema;

    expect(read.anyOf.map((branch: { $ref: string }) => branch.$ref)).toEqual(['#/components/schemas/Customer', '#/components/schemas/RevealedCustomer']);
    expect(document.components.schemas.Customer.properties.phone.examples).toEqual(['+86 138****5678']);
  });

  it('gives examples that are valid by their own schemas (Chinese data where it fits)', async () => {
    const document = await documentOf();
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(JSON.stringify({ $defs: document.components.schemas }).replaceAll('"#/components/schemas/', '"dossier#/$defs/')), 'dossier');

    const invalid = Object.entries(document.components.schemas as Record<string, { examples?: unknown[] }>).flatMap(([name, schema]) =>
      (schema.examples ?? []).flatMap((example) => (ajv.validate({ $ref: `dossier#/$defs/${name}` }, example) ? [] : [`${name}: ${ajv.errorsText()}`])),
    );

    const requestBodies = operationsOf(document).flatMap(({ path, method, operation }) => {
      const schema = operation.requestBody?.content['application/json']?.schema;
      return (schema?.examples ?? []).flatMap((example: unknown) => (ajv.validate(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"dossier#/$defs/')), example) ? [] : [`${method} ${path}: ${ajv.errorsText()}`]));
    });

    expect(invalid).toEqual([]);
    expect(requestBodies).toEqual([]);
    expect(JSON.stringify(document.components.schemas.Customer.examples)).toContain('张伟');
    expect(JSON.stringify(document.paths['/v1/customers']!.post.requestBody.content['application/json'].schema.examples)).toContain('张伟');
  });
});
