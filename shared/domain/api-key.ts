import * as z from 'zod';
import { ScopeSchema, type Scope } from './access.ts';
import { NameSchema } from './values.ts';

export const CreateApiKeySchema = z.strictObject({
  name: NameSchema,
  scopes: z
    .array(ScopeSchema)
    .min(1, 'Give the key at least one scope')
    .refine((list) => new Set(list).size === list.length, 'Scopes must not repeat'),
});
export type CreateApiKey = z.infer<typeof CreateApiKeySchema>;

export interface ApiKey {
  id: string;
  tenantId: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
}

export const publicApiKey = (key: ApiKey) => ({
  id: key.id,
  name: key.name,
  scopes: key.scopes,
  createdAt: key.createdAt,
});
