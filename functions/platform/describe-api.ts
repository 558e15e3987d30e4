import * as z from 'zod';
import { ok } from '#shared/http/responses';
import { readProjectFile } from '#shared/runtime/project-files';
import { openRoute } from '../http-route.ts';

// Generated from the manifest and the handlers' zod schemas by `npm run openapi`; a test fails when
// it is out of step with the code.
// Described loosely: the document describes itself only as far as a client needs to recognize it.
const OpenApiDocumentSchema = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .meta({ id: 'OpenApiDocument', description: 'This document (OpenAPI 3.1).' });

type OpenApiDocument = z.output<typeof OpenApiDocumentSchema>;

// Read from the copy beside the bundle (manifest `projectFiles`), once per process: bundled, the
// document alone would take most of the platform function's 400 KB.
let document: Promise<OpenApiDocument> | undefined;

export const handler = openRoute('describe-api', {
  response: { 200: OpenApiDocumentSchema },
  handle: async () => ok(await (document ??= readProjectFile('docs/openapi.json').then((text) => JSON.parse(text) as OpenApiDocument))),
});
