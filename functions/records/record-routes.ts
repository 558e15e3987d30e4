import * as z from 'zod';
import type { Principal } from '#shared/domain/access';
import type { AnyRecordKind, RecordKindName } from '#shared/domain/records/record-kind';
import { recordKinds } from '#shared/domain/records/record-kinds';
import { idSchema } from '#shared/domain/values';
import { scopeOf } from '#shared/data/tenant-scope';
import { tenantOf } from '#shared/services/tenant-context';

/** `/v1/customers/{customerId}/<kind>[/{recordId}]` → the kind. */
export const kindOfPath = (path: string): AnyRecordKind => {
  const kind = recordKinds[path.split('/')[4] as RecordKindName];
  if (!kind) throw new Error(`No record kind in ${path}`);
  return kind;
};

export const customerPath = z.object({ customerId: idSchema('customer') });
export const recordPath = (kind: AnyRecordKind) => z.object({ customerId: idSchema('customer'), recordId: idSchema(kind.idKind) });

/** The kind's body for the caller's tenant (money in its currency); CNY describes it in OpenAPI. */
export const bodyOf = (kind: AnyRecordKind) => ({
  body: kind.input({ currency: 'CNY' }) as z.ZodType<unknown>,
  bodyFor: async (principal: Principal) => kind.input({ currency: (await tenantOf(scopeOf(principal))).currency }) as z.ZodType<unknown>,
});
