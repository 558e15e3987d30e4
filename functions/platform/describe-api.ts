import * as z from 'zod';
import { decompressJson } from '#shared/runtime/compressed-json';
import { ok } from '#shared/http/responses';
import { openRoute } from '../http-route.ts';

// Described loosely: the document describes itself only as far as a client needs to recognize it.
const OpenApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .meta({ id: 'OpenApiDocument', description: 'This document (OpenAPI 3.1).' });

type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>;

let document: Promise<OpenApiDocument> | undefined;
// Generated from the manifest and the handlers' zod schemas by `npm run openapi` (a test fails when
// it is out of step with the code), and embedded Brotli-compressed: as JSON it took the area's
// bundle past its 400 KB budget. Imported and decompressed on the first request for it, so the
// area's other routes never pay for it, and `npm run openapi`, which loads this handler, can write
// the module when it is missing.
const openApiDocument = () =>
  (document ??= import('./openapi-document.generated.ts').then(({ compressedOpenApiDocument }) => decompressJson(Buffer.from(compressedOpenApiDocument, 'base64')) as OpenApiDocument));

export const handler = openRoute('describe-api', {
  response: { 200: OpenApiDocumentSchema },
  handle: async () => ok(await openApiDocument()),
});
