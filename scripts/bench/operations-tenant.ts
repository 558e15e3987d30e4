import type { Principal } from '#shared/domain/access';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { blindIndexOf } from '#shared/services/customer-secrets';
import { DossierClient } from '#scripts/seed/dossier-client';
import { seedCustomersOverHttp, signUpTenant, type SeededCustomer, type SignedUpTenant } from '#scripts/seed/http-seeder';
import type { BenchSettings } from './bench-settings.ts';
import { round } from './statistics.ts';

/**
 * The tenant the per-operation figures are measured on: signed up and filled through the API,
 * customers with purchases and conversations, as a small shop would have after a while. It also
 * holds what the direct (no-HTTP) calls need: the scope, the owner, and blind indexes computed
 * in this process with the tenant's index key.
 */
export interface OperationsTenant {
  client: DossierClient;
  /**
   * The till's client for exact look-ups: an API key, as a POS integration looks customers up.
   * Exact look-ups are rationed per principal (60 a minute for a person), more for a key.
   */
  lookupClient: DossierClient;
  tenant: SignedUpTenant;
  scope: TenantScope;
  principal: Principal;
  /** The generator's seed; new customers continue its indexes. */
  seed: number;
  customers: SeededCustomer[];
  /** Blind index of each customer's phone (E.164), by position in `customers`. */
  phoneIndexes: string[];
  /** Today's month-day in the tenant's time zone, and its blind index. */
  birthday: { monthDay: string; blindIndex: string };
  /** A customer index nobody has used yet, for creating more customers. */
  nextCustomerIndex(): number;
  seeding: SeedingFigures;
}

export interface SeedingFigures {
  via: 'http' | 'service' | 'service-batched';
  customers: number;
  purchases: number;
  requests: number;
  concurrency: number;
  seconds: number;
  customersPerSecond: number;
  /** Customers, purchases and conversations: every request the seeding made. */
  requestsPerSecond: number;
}

export const TENANT_TIME_ZONE = 'Asia/Shanghai';

/** `MM-DD` of `at` in the tenant's time zone (what "today's birthdays" means for the tenant). */
export const monthDayIn = (at: Date, timeZone = TENANT_TIME_ZONE): string => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'month')!.value}-${parts.find((p) => p.type === 'day')!.value}`;
};

export const e164 = (nationalMobile: string): string => `+86${nationalMobile}`;

export const prepareOperationsTenant = async (url: string, settings: BenchSettings): Promise<OperationsTenant> => {
  const client = new DossierClient(url);
  const tenant = await signUpTenant(client, { slug: `bench-ops-${Date.now().toString(36)}`, name: '基准测试 Bench shop', password: 'bench-password-123' });
  const started = performance.now();
  const customers = await seedCustomersOverHttp(client, {
    seed: settings.seed,
    from: 0,
    to: settings.operationsCustomers,
    concurrency: settings.concurrency,
    withHistory: true,
    now: new Date(),
  });
  const seconds = (performance.now() - started) / 1000;
  const purchases = customers.reduce((total, customer) => total + customer.transactions, 0);
  const requests = customers.reduce((total, customer) => total + 1 + customer.transactions + customer.interactions, 0);

  const scope = scopeOfTenant(tenant.id);
  const monthDay = monthDayIn(new Date());
  const till = await client.post<{ key: string }>('/v1/api-keys', { name: 'Bench till', scopes: ['customers:read'] });
  const phoneIndexes = await Promise.all(customers.map((customer) => blindIndexOf(scope, 'phone', e164(customer.phone))));
  let nextIndex = settings.operationsCustomers;
  return {
    client,
    lookupClient: new DossierClient(url, till.body.key),
    tenant,
    scope,
    principal: { kind: 'user', tenantId: tenant.id, userId: tenant.ownerId, role: 'owner' },
    seed: settings.seed,
    customers,
    phoneIndexes,
    birthday: { monthDay, blindIndex: await blindIndexOf(scope, 'birthday-md', monthDay) },
    nextCustomerIndex: () => nextIndex++,
    seeding: {
      via: 'http',
      customers: customers.length,
      purchases,
      requests,
      concurrency: settings.concurrency,
      seconds: round(seconds, 1),
      customersPerSecond: round(customers.length / seconds, 1),
      requestsPerSecond: round(requests / seconds, 1),
    },
  };
};
