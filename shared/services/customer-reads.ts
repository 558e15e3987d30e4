import { can } from '#shared/domain/access';
import { exactLookupWindows, externalIdOf, phoneSchemaFor, type ListCustomersQuery } from '#shared/domain/customer';
import { cardOf, nameKey, presentCustomer, presentSummary, type CustomerCard } from '#shared/domain/customer-file';
import type { CustomerSummary, CustomerView } from '#shared/domain/customer-view';
import { DossierError, notFound } from '#shared/domain/errors';
import { normalizeEmail } from '#shared/domain/values';
import { fieldErrorsOf } from '#shared/domain/validation';
import { appendAudit } from '#shared/data/audit-repository';
import { findCustomerIdByUnique, findCustomerIdsByContact, getCustomer, type StoredCustomer } from '#shared/data/customer-repository';
import { listCustomers, listCustomersByBirthday } from '#shared/data/customer-listings';
import type { Page, PageRequest } from '#shared/data/pagination';
import { takeFromWindow } from '#shared/data/rate-windows';
import type { TenantScope } from '#shared/data/tenant-scope';
import { auditEntryOf } from './audit-trail.ts';
import type { Caller } from './caller.ts';
import { blindIndexOf, openCustomerValues } from './customer-secrets.ts';
import { isVisibleTo, viewerLimit } from './customer-visibility.ts';
import { requireSegment, segmentMembersPage } from './segment-members.ts';
import { tenantOf } from './tenant-context.ts';

/** Masked unless the caller may reveal and asks to; each reveal is written to the audit log. */
export const readCustomer = async (caller: Caller, request: { customerId: string; reveal: boolean }): Promise<{ view: CustomerView; version: number }> => {
  const { scope, principal } = caller;
  const { customerId, reveal } = request;
  if (reveal && !can(principal, 'customers:reveal')) {
    throw new DossierError('forbidden', { detail: 'Revealing personal data needs the customers:reveal permission' });
  }
  // Strongly consistent: a client reads its own writes (≤ 4 KB is still one read unit).
  const stored = await getCustomer(scope, customerId, true);
  if (!stored) throw notFound('Customer');
  if (!reveal) return { view: presentCustomer(stored.file, stored.file.masked), version: stored.file.version };
  const values = await openCustomerValues(scope, customerId, stored.file.sealed);
  await appendAudit(
    scope,
    auditEntryOf(caller, 'customer.revealed', { customerId, target: { type: 'customer', id: customerId }, details: { fields: Object.keys(stored.file.sealed) } }),
  );
  return { view: presentCustomer(stored.file, values), version: stored.file.version };
};

const invalidQuery = (path: string, message: string) =>
  new DossierError('validation-failed', { errors: [{ path, message }] });

/** The guard item a `phone=`, `email=` or `externalId=` look-up names, by keyed hash. */
const lookupTarget = async (scope: TenantScope, query: ListCustomersQuery): Promise<{ kind: string; blindIndex: string } | undefined> => {
  if (query.phone !== undefined) {
    const tenant = await tenantOf(scope);
    const phone = phoneSchemaFor(tenant.settings.defaultCountry).safeParse(query.phone);
    if (!phone.success) throw new DossierError('validation-failed', { errors: fieldErrorsOf(phone.error.issues, ['phone']) });
    return { kind: 'phone', blindIndex: await blindIndexOf(scope, 'phone', phone.data) };
  }
  if (query.email !== undefined) return { kind: 'email', blindIndex: await blindIndexOf(scope, 'email', normalizeEmail(query.email)) };
  if (query.externalId !== undefined) {
    const parsed = externalIdOf(query.externalId);
    if (!parsed) throw invalidQuery('externalId', 'Must be <system>:<id>');
    const { system, id } = parsed;
    return { kind: `ext:${system}`, blindIndex: await blindIndexOf(scope, `externalId:${system}`, id) };
  }
  return undefined;
};

/** Takes one exact look-up from each of the caller's windows, or answers 429 with when to come back. */
const rationLookups = async (caller: Caller): Promise<void> => {
  const { principal, scope, meta } = caller;
  const principalId = principal.kind === 'user' ? principal.userId : principal.keyId;
  for (const window of exactLookupWindows[principal.kind]) {
    const taken = await takeFromWindow(scope, `lookup:${window.windowMs}:${principalId}`, window, meta.now.getTime());
    if (!taken.allowed) {
      throw new DossierError('rate-limited', { retryAfter: taken.retryAfterSeconds, detail: `At most ${window.limit} exact look-ups per ${window.windowMs >= 3600_000 ? 'day' : 'minute'}; try again in ${taken.retryAfterSeconds} s` });
    }
  }
};

const matchesName = (card: CustomerCard, prefix: string | undefined): boolean => prefix === undefined || nameKey(card.name).startsWith(nameKey(prefix));

const matchesFilters = (card: CustomerCard, query: ListCustomersQuery): boolean =>
  (!query.tier || card.tier === query.tier) &&
  (!query.stage || card.stage === query.stage) &&
  (!query.tag || card.tags.includes(query.tag)) &&
  (!query.ownerUserId || card.ownerUserId === query.ownerUserId);

/**
 * The customer list: an exact look-up by phone, email or external id (one guard read, never a
 * decryption), or a page of one of the tenant's listings. Each customer is its summary (masked);
 * the listings copy exactly that, so a page reads no profile.
 */
export const findCustomers = async (caller: Caller, request: { query: ListCustomersQuery; page: PageRequest }): Promise<Page<CustomerSummary>> => {
  const { scope } = caller;
  const { query, page } = request;
  if (query.segmentId) {
    // The segment's members the caller sees, read through its plan; the list's other filters narrow them further.
    const [segment, visibleTo] = await Promise.all([requireSegment(scope, query.segmentId), viewerLimit(caller)]);
    const members = await segmentMembersPage(scope, { filter: segment.filter, page, visibleTo, alsoMatching: ({ summary }) => matchesFilters(summary, query) && matchesName(summary, query.q) });
    return { items: members.items.map((member) => member.summary), lastKey: members.lastKey };
  }
  const [target, viewer] = await Promise.all([lookupTarget(scope, query), viewerLimit(caller)]);
  if (target) {
    await rationLookups(caller);
    // The customer whose own phone or email it is, then those with a contact who has it.
    const [own, viaContacts] = await Promise.all([
      findCustomerIdByUnique(scope, target),
      target.kind === 'phone' || target.kind === 'email' ? findCustomerIdsByContact(scope, target.kind, target.blindIndex) : [],
    ]);
    const ids = [...new Set([...(own ? [own] : []), ...viaContacts])];
    const found = await Promise.all(ids.map((id) => getCustomer(scope, id)));
    // A customer the caller may not see is not found, and is audited as such.
    const matching = found.filter((stored): stored is StoredCustomer => stored !== undefined && isVisibleTo(viewer, stored) && matchesFilters(cardOf(stored.file), query));
    await appendAudit(
      scope,
      auditEntryOf(caller, 'customer.looked_up', {
        ...(matching.length === 1 ? { customerId: matching[0]!.file.id } : {}),
        details: { by: target.kind.startsWith('ext:') ? 'externalId' : target.kind, found: matching.length > 0 },
      }),
    );
    return { items: matching.map((customer) => presentSummary(customer.file.id, cardOf(customer.file))) };
  }
  if (query.birthday !== undefined) {
    // Reads only the customers born on that day: the index is keyed by HMAC(MM-DD), never the date.
    const born = await listCustomersByBirthday(scope, await blindIndexOf(scope, 'birthday-md', query.birthday), page, { visibleTo: viewer });
    return {
      items: born.items.filter((c) => matchesFilters(c.card, query)).map((c) => presentSummary(c.id, c.card)),
      lastKey: born.lastKey,
    };
  }
  const result = await listCustomers(
    scope,
    { sort: query.sort, filters: { namePrefix: query.q, tier: query.tier, stage: query.stage, tag: query.tag, ownerUserId: query.ownerUserId, visibleTo: viewer } },
    page,
  );
  return { items: result.items.map((customer) => presentSummary(customer.id, customer.card)), lastKey: result.lastKey };
};
