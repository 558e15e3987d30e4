import type { RequestMeta } from '#shared/domain/request-meta';
import { auditKeysBefore } from '#shared/data/audit-repository';
import { deleteKeys } from '#shared/data/item-collections';
import type { StartKey } from '#shared/data/pagination';
import { listActiveTenants } from '#shared/data/tenant-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The daily `apply-retention` job: each tenant's audit entries older than its
 * `retention.auditDays` are deleted (a key range of the audit partition; cost ∝ what is removed).
 * Until then the log is append-only: the API can add and read entries, never change or remove one.
 */
export const applyAuditRetention = async (meta: RequestMeta): Promise<{ tenants: number; removed: number }> => {
  const { now } = meta;
  let tenants = 0;
  let removed = 0;
  let tenantPage: StartKey | undefined;
  do {
    const page = await listActiveTenants({ limit: 100, startKey: tenantPage });
    for (const tenant of page.items) {
      tenants += 1;
      const scope = scopeOfTenant(tenant.id);
      const cutoff = new Date(now.getTime() - tenant.settings.retention.auditDays * DAY_MS);
      let auditPage: StartKey | undefined;
      do {
        const expired = await auditKeysBefore(scope, cutoff, { limit: 500, startKey: auditPage });
        await deleteKeys(scope, expired.items);
        removed += expired.items.length;
        auditPage = expired.lastKey;
      } while (auditPage);
    }
    tenantPage = page.lastKey;
  } while (tenantPage);
  return { tenants, removed };
};
