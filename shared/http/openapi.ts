import type * as z from 'zod';
import { rolesWith, scopes, type RouteAccess, type Scope } from '#shared/domain/access';
import { CustomerSchema } from '#shared/domain/customer-view';
import type { ErrorCode } from '#shared/domain/errors';
import { recordKinds } from '#shared/domain/records/record-kinds';
import { eventDescriptions, eventTypes } from '#shared/domain/events';
import { DOCUMENTED_TERMS } from '#shared/domain/tenant';
import type { BodySchema, InputSchemas } from './api-context.ts';
import { isFileDownload, isMediaAnswer, type Answers } from './answers.ts';
import { eventEnvelopeSchemaOf } from './event-catalogue.ts';
import { Components, type JsonSchema } from './openapi-components.ts';
import { documentInfo, documentTags, parameterComponents, headerComponents, securitySchemes } from './openapi-document-parts.ts';
import { problemResponses, problemResponsesOf } from './openapi-problems.ts';
import { ProblemSchema } from './problem.ts';
import { takesIdempotencyKey, takesIfMatch } from './route-traits.ts';

/** What the OpenAPI document needs of a route: its manifest entry, what it validates and what it answers. */
export interface DescribedRoute {
  route: { name: string; method: string; path: string; access: RouteAccess; summary?: string; description?: string };
  schemas: InputSchemas;
  answers: Answers;
  problems: readonly ErrorCode[];
}

/** A body made for a tenant's terms is described as the documented tenant's (CNY, CN). */
const documentedBody = (body: BodySchema): z.ZodType => (typeof body === 'function' ? body(DOCUMENTED_TERMS) : body);

const recordSchemas = new Set<z.ZodType>(Object.values(recordKinds).map((kind) => kind.schema));

const isScope = (access: RouteAccess): access is Scope => (scopes as readonly string[]).includes(access);

/** Who may call an operation, in OpenAPI terms (a staff session, an API key with a scope) and in words. */
const accessOf = (access: RouteAccess) => {
  if (access === 'public') return { security: [], words: 'Public: no credentials needed.' };
  if (access === 'authenticated') return { security: [{ session: [] }, { apiKey: [] }], words: 'Any signed-in staff user or API key of the tenant.' };
  const roles = rolesWith(access).join(', ');
  if (!isScope(access)) return { security: [{ session: [] }], words: `Permission \`${access}\`: staff role ${roles} only; no API key.` };
  return {
    security: [{ session: [] }, { apiKey: [access] }],
    words: `Permission \`${access}\`: staff roles ${roles}, or an API key with the \`${access}\` scope.`,
  };
};

const successDescriptions: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted', '204': 'Done: no body' };

const hasVersion = (components: Components, schema: JsonSchema): boolean => {
  const resolved = components.resolve(schema);
  const branches = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (branches) return branches.every((branch) => hasVersion(components, branch));
  return Object.hasOwn((resolved.properties ?? {}) as object, 'version');
};

const successResponses = (components: Components, described: DescribedRoute) => {
  const { route, answers } = described;
  const responses: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(answers)) {
    const headers: Record<string, unknown> = { 'x-request-id': { $ref: '#/components/headers/RequestId' } };
    if (takesIdempotencyKey(route)) headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
    if (status === '201') headers.Location = { $ref: '#/components/headers/Location' };
    if (body === null || body === undefined) {
      responses[status] = { description: successDescriptions[status], headers };
    } else if (isMediaAnswer(body)) {
      responses[status] = { description: body.description, headers, content: Object.fromEntries(body.media.map((type) => [type, { schema: { type: 'string' } }])) };
    } else if (isFileDownload(body)) {
      headers['Content-Disposition'] = { $ref: '#/components/headers/ContentDisposition' };
      responses[status] = { description: body.description, headers, content: Object.fromEntries(body.files.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) };
    } else {
      const schema = components.describe(body, 'output');
      if (hasVersion(components, schema)) headers.ETag = { $ref: '#/components/headers/ETag' };
      responses[status] = { description: successDescriptions[status] ?? 'Success', headers, content: { 'application/json': { schema } } };
    }
  }
  return responses;
};

const parametersOf = (components: Components, described: DescribedRoute) => {
  const { route, schemas } = described;
  const pathSchema = schemas.params ? components.describe(schemas.params, 'input') : undefined;
  const pathProperties = (pathSchema?.properties ?? {}) as Record<string, JsonSchema>;
  const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const pathParams = pathNames.map((name) => ({ name, in: 'path', required: true, schema: pathProperties[name] ?? { type: 'string' } }));
  const query = schemas.query ? components.describe(schemas.query, 'input') : undefined;
  const properties = (query?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const queryParams = Object.entries(properties).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: required.has(name) && schema.default === undefined,
    ...(typeof description === 'string' ? { description } : {}),
    schema,
  }));
  const headers = [
    ...(takesIfMatch(route) ? [{ $ref: '#/components/parameters/IfMatch' }] : []),
    ...(takesIdempotencyKey(route) ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  return [...pathParams, ...queryParams, ...headers];
};

const conflictOf = (answers: Answers): 'customer' | 'record' | 'state' => {
  const bodies = Object.values(answers);
  if (bodies.includes(CustomerSchema)) return 'customer';
  return bodies.some((body) => body && !isMediaAnswer(body) && !isFileDownload(body) && recordSchemas.has(body)) ? 'record' : 'state';
};

const operationOf = (components: Components, described: DescribedRoute) => {
  const { route, schemas, answers } = described;
  const access = accessOf(route.access);
  const body = schemas.body ? components.describe(documentedBody(schemas.body), 'input') : undefined;
  return {
    operationId: route.name,
    summary: route.summary ?? route.name,
    description: route.description ? `${route.description}\n\n${access.words}` : access.words,
    tags: [route.path.split('/')[route.path.startsWith('/v1/') ? 2 : 1] ?? 'api'],
    security: access.security,
    ...(route.access === 'public' ? {} : { 'x-dossier-permission': route.access }),
    parameters: parametersOf(components, described),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    ...(schemas.upload ? { requestBody: { required: true, description: 'The file, as its bytes', content: Object.fromEntries(schemas.upload.contentTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])) } } : {}),
    responses: {
      ...successResponses(components, described),
      ...problemResponsesOf({
        method: route.method,
        path: route.path,
        access: route.access,
        hasBody: body !== undefined || schemas.upload !== undefined,
        hasQuery: schemas.query !== undefined,
        conflict: conflictOf(answers),
        extra: described.problems,
      }),
    },
  };
};

/**
 * What integrators receive (OpenAPI 3.1 `webhooks`): one POST per event type, its body the event
 * with the schema of its `data`, signed per Standard Webhooks (docs/webhooks.md).
 */
const webhooksOf = (components: Components) =>
  Object.fromEntries(
    eventTypes.map((type) => [
      type,
      {
        post: {
          operationId: `event-${type.replace(/[._]/g, '-')}`,
          summary: eventDescriptions[type],
          tags: ['webhooks'],
          security: [],
          parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } })),
          requestBody: { required: true, content: { 'application/json': { schema: components.describe(eventEnvelopeSchemaOf(type), 'output') } } },
          responses: { '200': { description: 'Any 2xx answer within 15 s is success; anything else is retried' } },
        },
      },
    ]),
  );

/**
 * The OpenAPI 3.1 document, generated from the manifest and the zod schemas each handler declares
 * (what it validates and what it answers); never written by hand. `npm run openapi` writes it to
 * docs/openapi.json, which a test keeps in step with the code, and `GET /v1/openapi.json` serves it.
 */
export const buildOpenApiDocument = (routes: DescribedRoute[]) => {
  const components = new Components();
  components.describe(ProblemSchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const described of routes) (paths[described.route.path] ??= {})[described.route.method.toLowerCase()] = operationOf(components, described);
  const webhooks = webhooksOf(components);
  const tags = [...new Set(Object.values(paths).flatMap((operations) => Object.values(operations).flatMap((operation) => (operation as { tags: string[] }).tags)))];
  return {
    openapi: '3.1.0',
    info: documentInfo,
    // Relative to where the document is served (`<base>/v1/openapi.json`): the API's base, which in
    // AWS includes the stage (`/prod`), so "Try it out" on /docs reaches the API in both runtimes.
    servers: [{ url: '..', description: 'The API this document is served by' }],
    security: [{ session: [] }, { apiKey: [] }],
    tags: documentTags(tags),
    paths,
    webhooks,
    components: {
      securitySchemes,
      schemas: Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses: problemResponses,
      parameters: parameterComponents,
      headers: headerComponents,
    },
  };
};
