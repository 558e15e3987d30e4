import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from '#scripts/openapi/write-openapi';

describe('docs/openapi.json', () => {
  it('is what the manifest and the handlers’ schemas generate (run `npm run openapi` after a change)', async () => {
    const committed = await readFile(OPENAPI_FILE, 'utf8');

    const generated = await renderOpenApi();

    expect(committed).toBe(generated);
  });

  it('describes request bodies from the zod schemas, strict as the handlers are', async () => {
    const document = JSON.parse(await renderOpenApi());

    const createCustomer = document.paths['/v1/customers'].post.requestBody.content['application/json'].schema;

    expect(createCustomer.required).toContain('name');
    expect(createCustomer.additionalProperties).toBe(false);
    expect(createCustomer.properties.phone).toMatchObject({ type: 'string' });
  });
});
