import { dropNeverBoughtSpendEntries } from '#shared/data/customer-listings';
import { listActiveTenants } from '#shared/data/tenant-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import type { StartKey } from '#shared/data/pagination';

/**
 * `npx tsx scripts/maintenance/drop-never-bought-spend-entries.ts`, once, after the deploy that
 * made the spend listing sparse (docs/decisions.md): profiles of customers who never bought that
 * were written before it still have a spend entry, and a spend-ordered list would show them twice
 * (once at the end of the ranking, once after it). Any later write of such a profile drops the
 * entry too; this drops them all now. Reads only the last-purchase listing's `0000` range of each
 * active tenant (closing tenants are listed by nobody). Safe to run again.
 */
let tenants = 0;
let dropped = 0;
let startKey: StartKey | undefined;
do {
  const page = await listActiveTenants({ limit: 100, startKey });
  for (const tenant of page.items) {
    dropped += await dropNeverBoughtSpendEntries(scopeOfTenant(tenant.id));
    tenants += 1;
  }
  startKey = page.lastKey;
} while (startKey);
console.log(`Dropped ${dropped} spend entries of customers who never bought, in ${tenants} tenants.`);
