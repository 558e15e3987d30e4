import * as z from 'zod';
import { ScopeSchema } from './access.ts';
import { IsoDateTimeSchema, NameSchema, idSchemaFor } from './values.ts';

export const CreateApiKeySchema = z.strictObject({
  name: NameSchema,
  scopes: z
    .array(ScopeSchema)
    .min(1, 'Give the key at least one scope')
    .refine((list) => new Set(list).size === list.length, 'Scopes must not repeat'),
}).meta({ examples: [{ name: '收银台 POS', scopes: ['customers:read', 'customers:write'] }] });
export type CreateApiKey = z.infer<typeof CreateApiKeySchema>;

/** An API key as listed: never its secret. */
export const ApiKeySchema = z
  .object({
    id: idSchemaFor('apiKey'),
    name: z.string(),
    scopes: z.array(ScopeSchema),
    createdAt: IsoDateTimeSchema,
  })
  .meta({
    id: 'ApiKey',
    description: 'An API key of the tenant (its secret is shown once, when it is issued).',
    examples: [{ id: 'key_01JD3K0000AAAABBBBCCCCDDDD', name: '收银台 POS', scopes: ['customers:read', 'customers:write'], createdAt: '2026-11-19T08:00:00.000Z' }],
  });
export type PublicApiKey = z.output<typeof ApiKeySchema>;
export type ApiKey = PublicApiKey & { tenantId: string; createdBy: string; lastUsedAt?: string };

export const IssuedApiKeySchema = ApiKeySchema.extend({
  key: z.string().regex(/^dsk_/).describe('The secret: send it as Authorization: Bearer dsk_…. Shown only in this answer.'),
}).meta({
  id: 'IssuedApiKey',
  examples: [{ id: 'key_01JD3K0000AAAABBBBCCCCDDDD', name: '收银台 POS', scopes: ['customers:read', 'customers:write'], createdAt: '2026-11-19T08:00:00.000Z', key: 'dsk_…' }],
});

export const publicApiKey = (key: ApiKey): PublicApiKey => ({
  id: key.id,
  name: key.name,
  scopes: key.scopes,
  createdAt: key.createdAt,
});
