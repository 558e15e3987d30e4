import { AuditQuerySchema } from '#shared/domain/audit';
import { listAudit } from '#shared/data/audit-repository';
import { ok } from '#shared/http/responses';
import { route } from '../http-route.ts';

export const handler = route('list-audit', {
  query: AuditQuerySchema,
  list: true,
  handle: async (request) =>
    ok(await request.listed(await listAudit(request.scope, request.query, request.page), (entry) => entry)),
});
