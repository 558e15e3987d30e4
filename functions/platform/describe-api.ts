import * as z from 'zod';
import { ok } from '#shared/http/responses';
import document from '#docs/openapi.json' with { type: 'json' };
import { openRoute } from '../http-route.ts';

// Generated from the manifest and the handlers' zod schemas by `npm run openapi`; a test fails when
// it is out of step with the code.
// Described loosely: the document describes itself only as far as a client needs to recognize it.
const OpenApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .meta({ id: 'OpenApiDocument', description: 'This document (OpenAPI 3.1).' });

export const handler = openRoute('describe-api', {
  response: { 200: OpenApiDocumentSchema },
  handle: async () => ok(document),
});
