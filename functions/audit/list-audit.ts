import { AuditEntrySchema, AuditQuerySchema } from '#shared/domain/audit';
import { listAudit } from '#shared/data/audit-repository';
import { pageSchemaOf } from '#shared/http/pagination';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('list-audit', {
  query: AuditQuerySchema,
  list: true,
  response: { 200: pageSchemaOf(AuditEntrySchema) },
  handle: async ({ caller, query, page, listed }) => ok(await listed(await listAudit(caller.scope, query, page), (entry) => entry)),
});
