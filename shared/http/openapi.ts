import * as z from 'zod';
import type { RouteAccess } from '#shared/domain/access';
import { errorCatalogue } from '#shared/domain/errors';
import { DOCUMENTED_TERMS } from '#shared/domain/tenant';
import type { BodySchema, InputSchemas } from './api-context.ts';
import { eventDescriptions, eventTypes } from '#shared/domain/events';
import { eventEnvelopeSchemaOf } from './event-catalogue.ts';
import { PROBLEM_BASE } from './problem.ts';

/** What the OpenAPI document needs of a route: its manifest entry and the schemas it validates with. */
export interface DescribedRoute {
  route: { name: string; method: string; path: string; access: RouteAccess; summary?: string };
  schemas: InputSchemas;
}

/** A body made for a tenant's terms is described as the documented tenant's (CNY, CN). */
const documentedBody = (body: BodySchema | undefined): z.ZodType | undefined => (typeof body === 'function' ? body(DOCUMENTED_TERMS) : body);

type JsonSchema = Record<string, unknown>;

const toJsonSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

const successStatus = (method: string, name: string): string => {
  if (method === 'POST' && /^(recover|count|start-import|request-export|invite)/.test(name)) return '202';
  return method === 'POST' && !/^(log-in|rotate|retry|redeem|merge|test)/.test(name) ? '201' : method === 'DELETE' ? '204' : '200';
};

/**
 * What integrators receive (OpenAPI 3.1 `webhooks`): one POST per event type, its body the event
 * with the schema of its `data`, signed per Standard Webhooks (docs/webhooks.md).
 */
const webhooksOf = () =>
  Object.fromEntries(
    eventTypes.map((type) => [
      type,
      {
        post: {
          operationId: `event-${type.replace(/[._]/g, '-')}`,
          summary: eventDescriptions[type],
          parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } })),
          requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(eventEnvelopeSchemaOf(type)) } } },
          responses: { '200': { description: 'Any 2xx answer within 15 s is success; anything else is retried' } },
        },
      },
    ]),
  );

const parametersOf = (described: DescribedRoute) => {
  const pathNames = [...described.route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const pathParams = pathNames.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const query = described.schemas.query ? toJsonSchema(described.schemas.query) : undefined;
  const properties = (query?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const queryParams = Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name) && schema.default === undefined,
    schema,
  }));
  return [...pathParams, ...queryParams];
};

/**
 * The OpenAPI 3.1 document, generated from the manifest and the zod schemas the handlers validate
 * with; never written by hand. `npm run openapi` writes it to docs/openapi.json, which a test keeps
 * in step with the code, and `GET /v1/openapi.json` serves it.
 */
export const buildOpenApiDocument = (routes: DescribedRoute[]) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const described of routes) {
    const { route, schemas } = described;
    const status = successStatus(route.method, route.name);
    const operation: Record<string, unknown> = {
      operationId: route.name,
      summary: route.summary ?? route.name,
      tags: [route.path.split('/')[2] ?? 'api'],
      ...(route.access === 'public' ? { security: [] } : { 'x-dossier-permission': route.access }),
      parameters: parametersOf(described),
      ...(schemas.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(documentedBody(schemas.body) ?? z.never()) } } } } : {}),
      ...(schemas.upload ? { requestBody: { required: true, content: Object.fromEntries(schemas.upload.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) } } : {}),
      responses: {
        [status]:
          status === '204'
            ? { description: 'Done' }
            : { description: 'Success', content: Object.fromEntries((schemas.produces ?? ['application/json']).map((type) => [type, type === 'application/json' ? {} : { schema: { type: 'string', format: 'binary' } }])) },
        default: {
          description: 'A problem (RFC 9457)',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dossier API',
      version: '1.0.0',
      description: 'Customer-information archive (客户档案). See API.md for the contract in prose.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    webhooks: webhooksOf(),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A staff session token (JWT) or an API key (dsk_…)' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', enum: Object.keys(errorCatalogue).map((code) => `${PROBLEM_BASE}${code}`) },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
};
