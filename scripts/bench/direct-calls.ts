import { randomBytes } from 'node:crypto';
import type { AuditAction } from '#shared/domain/audit';
import type { RequestMeta } from '#shared/domain/request-meta';
import { recordKinds } from '#shared/domain/records/record-kinds';
import { digestOf } from '#shared/crypto/digests';
import { appendAudit } from '#shared/data/audit-repository';
import { findCustomerIdByUnique, getCustomer, type StoredCustomer } from '#shared/data/customer-repository';
import { listCustomers, listCustomersByBirthday } from '#shared/data/customer-listings';
import { createCustomerSteps, saveFiguresStep } from '#shared/data/customer-steps';
import { readFailures } from '#shared/data/login-throttle-repository';
import { listTimeline, putRecordSteps } from '#shared/data/record-repository';
import { findTenantIdBySlug, getTenant, tenantIsActive } from '#shared/data/tenant-repository';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { findCredentialsByEmailDigest, getUser } from '#shared/data/user-repository';
import { newEvent } from '#shared/events/event-catalogue';
import { newCode, newId } from '#shared/runtime/ids';
import { auditEntryOf, changeStepsOf } from '#shared/services/audit-trail';
import { exactLookupWindows } from '#shared/domain/customer';
import { takeFromWindow } from '#shared/data/rate-windows';
import type { OperationsTenant } from './operations-tenant.ts';

/**
 * The DynamoDB calls each operation makes, made directly from this process through the data
 * layer's repository functions and item builders: the same keys, the same consistency, the same
 * items — without HTTP, the proxy event, middy, validation, password hashing or encryption. The
 * time these take is the floor the HTTP figure is compared with. Every authenticated operation
 * starts with the authentication reads of the user item and the tenant's status, as the runtime's does.
 */
export type DirectCall = (sample: number) => Promise<void>;

const metaOf = (): RequestMeta => ({ requestId: `bench-${newCode(12)}`, now: new Date(), sourceIp: '127.0.0.1', userAgent: 'dossier-bench' });

const randomBlindIndex = (): string => randomBytes(16).toString('base64url');

export const directCalls = async (ops: OperationsTenant): Promise<Record<string, DirectCall>> => {
  const { scope, principal, customers, phoneIndexes, tenant } = ops;
  const userId = tenant.ownerId;
  const customerAt = (sample: number) => customers[sample % customers.length]!;
  const authenticate = () => Promise.all([getUser(scope, userId), tenantIsActive(scope)]);
  const callerNow = () => ({ scope, principal, meta: metaOf() });
  const audit = (action: AuditAction, customerId?: string) =>
    appendAudit(scope, auditEntryOf(callerNow(), action, customerId ? { customerId, target: { type: 'customer', id: customerId } } : {}));

  // Prepared outside the timed calls: digests, the tenant's settings, a profile to copy.
  const loginSubject = await digestOf('login', tenant.slug, tenant.email);
  const emailDigest = await digestOf(tenant.id, tenant.email);
  const tenantRecord = (await getTenant(scope))!;
  const template = (await getCustomer(scope, customers[0]!.id))!;
  const purchaseKind = recordKinds.transactions;
  const purchase = purchaseKind.inputSchemaFor({ currency: 'CNY', country: 'CN' }).parse({ occurredAt: new Date().toISOString(), amount: { amount: 12_800, currency: 'CNY' }, channel: 'store', paymentMethod: 'wechat' });

  const copyOfTemplate = (): StoredCustomer => {
    const now = new Date().toISOString();
    const id = newId('customer');
    return {
      file: { ...template.file, id, version: 1, createdAt: now, updatedAt: now },
      lookups: { ...template.lookups, phone: randomBlindIndex(), email: randomBlindIndex() },
    };
  };

  return {
    'sign-in': async () => {
      await readFailures(loginSubject, Date.now());
      const tenantId = await findTenantIdBySlug(tenant.slug);
      await Promise.all([findCredentialsByEmailDigest(scopeOfTenant(tenantId!), emailDigest), tenantIsActive(scopeOfTenant(tenantId!))]);
      await audit('auth.login_succeeded');
    },
    'create-customer': async () => {
      await authenticate();
      const stored = copyOfTemplate();
      const caller = callerNow();
      const event = newEvent(scope.tenantId, { type: 'customer.created', data: { customerId: stored.file.id, tier: 'potential', stage: 'prospect' } }, caller.meta.now);
      await transactWrite(scope, [
        ...createCustomerSteps(scope, stored),
        ...changeStepsOf(caller, [event], 'customer.created', { customerId: stored.file.id, target: { type: 'customer', id: stored.file.id } }),
      ]);
    },
    'get-customer': async (sample) => {
      await authenticate();
      await getCustomer(scope, customerAt(sample).id, true);
    },
    'get-customer-revealed': async (sample) => {
      await authenticate();
      await getCustomer(scope, customerAt(sample).id, true);
      await audit('customer.revealed', customerAt(sample).id);
    },
    'list-customers': async () => {
      await authenticate();
      await listCustomers(scope, { sort: '-createdAt', filters: {} }, { limit: 50 });
    },
    'find-by-phone': async (sample) => {
      await authenticate();
      for (const window of exactLookupWindows.apiKey) await takeFromWindow(scope, `lookup:${window.windowMs}:bench-direct`, window, Date.now());
      const id = await findCustomerIdByUnique(scope, { kind: 'phone', blindIndex: phoneIndexes[sample % phoneIndexes.length]! });
      await getCustomer(scope, id!);
      await audit('customer.looked_up', id);
    },
    'birthdays-today': async () => {
      await authenticate();
      await listCustomersByBirthday(scope, ops.birthday.blindIndex, { limit: 50 });
    },
    'record-transaction': async (sample) => {
      await authenticate();
      const customerId = customerAt(sample).id;
      const before = (await getCustomer(scope, customerId, true))!;
      const caller = callerNow();
      const { meta } = caller;
      const context = { customerId, now: meta.now, actorId: userId, settings: tenantRecord.settings };
      const record = purchaseKind.build(purchase, { ...context, id: newId('transaction'), token: newCode() });
      const companions = purchaseKind.companions?.(record) ?? [];
      // One event per record that announces itself (the purchase, its points), as the service writes them.
      const events = [purchaseKind.event?.(record), ...companions.map((companion) => recordKinds.points.event?.(companion))].flatMap((draft) =>
        draft ? [newEvent(scope.tenantId, draft, meta.now)] : [],
      );
      // The profile's figures are written back unchanged: the same Update, the same item size.
      const figures = { stats: before.file.stats, tallies: before.file.tallies, tier: before.file.tier, stage: before.file.stage };
      await transactWrite(scope, [
        ...putRecordSteps(scope, record),
        saveFiguresStep(scope, before, figures, meta.now.toISOString()),
        ...changeStepsOf(caller, events, 'record.created', { customerId, target: { type: 'transaction', id: record.id } }),
      ]);
    },
    'timeline-page': async (sample) => {
      await authenticate();
      const customerId = customerAt(sample).id;
      await getCustomer(scope, customerId);
      await listTimeline(scope, customerId, { limit: 50 });
    },
  };
};
