import type { TenantScope } from './tenant-scope.ts';

/**
 * Every key string of the table is built here, one builder per access pattern
 * (docs/data-model.md lists them). Tenant-owned partition keys start with `T#<tenantId>#`, taken
 * from the scope, never from a path or a body.
 */

export interface ItemKey {
  PK: string;
  SK: string;
}

const tenantPrefix = (scope: TenantScope): string => `T#${scope.tenantId}#`;

export const keys = {
  /** The tenant's profile and settings. */
  tenant: (scope: TenantScope): ItemKey => ({ PK: `${tenantPrefix(scope)}TENANT`, SK: 'TENANT' }),

  /** Global slug registry: the guard that makes slugs unique and maps a slug to its tenant at sign-in. */
  slug: (slug: string): ItemKey => ({ PK: `SLUG#${slug}`, SK: 'SLUG' }),

  /** Users share one partition per tenant, so "list users" is one Query. */
  usersPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}USERS`,
  user: (scope: TenantScope, userId: string): ItemKey => ({ PK: keys.usersPartition(scope), SK: `USER#${userId}` }),
  userPrefix: 'USER#',
  /** Guard item that makes a staff email unique in its tenant; holds the user id for sign-in. */
  userEmail: (scope: TenantScope, emailDigest: string): ItemKey => ({
    PK: keys.usersPartition(scope),
    SK: `EMAIL#${emailDigest}`,
  }),

  apiKeysPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}APIKEYS`,
  apiKey: (scope: TenantScope, keyId: string): ItemKey => ({ PK: keys.apiKeysPartition(scope), SK: `KEY#${keyId}` }),
  apiKeyPrefix: 'KEY#',

  /** Audit entries sort by ULID, which sorts by time: a time range is a key range. */
  auditPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}AUDIT`,
  audit: (scope: TenantScope, ulid: string): ItemKey => ({ PK: keys.auditPartition(scope), SK: `A#${ulid}` }),
  auditSortKey: (ulid: string): string => `A#${ulid}`,

  /** Failed sign-ins per (slug, email) digest; global because it is read before a tenant is known. */
  loginThrottle: (subjectDigest: string): ItemKey => ({ PK: `THROTTLE#LOGIN#${subjectDigest}`, SK: 'THROTTLE' }),

  /** The tenant's wrapped data and index keys (envelope encryption). */
  tenantKeys: (scope: TenantScope): ItemKey => ({ PK: `${tenantPrefix(scope)}TENANT`, SK: 'KEYS' }),

  /** A customer's whole archive is one item collection: the profile and every record. */
  customerCollection: (scope: TenantScope, customerId: string): string => `${tenantPrefix(scope)}C#${customerId}`,
  customer: (scope: TenantScope, customerId: string): ItemKey => ({
    PK: keys.customerCollection(scope, customerId),
    SK: 'PROFILE',
  }),

  /**
   * Guard item that makes a phone, email or external id unique in the tenant, keyed by its blind
   * index (never the value); it holds the customer id, which makes it the look-up index too.
   */
  uniqueValue: (scope: TenantScope, kind: string, blindIndex: string): ItemKey => ({
    PK: `${tenantPrefix(scope)}U#${kind}#${blindIndex}`,
    SK: 'U',
  }),

  /** The tenant's customer listings (GSI1 name, GSI3 created, GSI4 last purchase, GSI5 spend). */
  customerListing: (scope: TenantScope): string => `${tenantPrefix(scope)}CUSTOMERS`,
  /** Birthday index (GSI2): customers whose birthday month-day blinds to `blindIndex`. */
  birthdayListing: (scope: TenantScope, blindIndex: string): string => `${tenantPrefix(scope)}BDAY#${blindIndex}`,

  /** A record of a customer, inside the customer's item collection; the id's ULID orders a kind's list. */
  record: (scope: TenantScope, customerId: string, prefix: string, recordId: string): ItemKey => ({
    PK: keys.customerCollection(scope, customerId),
    SK: `${prefix}#${recordId.slice(recordId.indexOf('_') + 1)}`,
  }),
  recordPrefix: (prefix: string): string => `${prefix}#`,
  /** The customer's timeline (GSI1): every kind of record, ordered by when it happened. */
  timeline: (scope: TenantScope, customerId: string): string => `${tenantPrefix(scope)}TL#${customerId}`,
  /** A guard that makes a record value unique per tenant (coupon code, order id) or per customer. */
  recordUniqueInTenant: (scope: TenantScope, name: string, value: string): ItemKey => ({
    PK: `${tenantPrefix(scope)}RU#${name}#${value}`,
    SK: 'U',
  }),
  recordUniqueInCustomer: (scope: TenantScope, customerId: string, name: string, value: string): ItemKey => ({
    PK: keys.customerCollection(scope, customerId),
    SK: `U#${name}#${value}`,
  }),
  /** A cross-customer list (open complaints, follow-ups by due time), on GSI2 or GSI3. */
  crossList: (scope: TenantScope, name: string): string => `${tenantPrefix(scope)}${name}`,

  campaignsPartition: (scope: TenantScope): string => `${tenantPrefix(scope)}CAMPAIGNS`,
  campaign: (scope: TenantScope, campaignId: string): ItemKey => ({ PK: keys.campaignsPartition(scope), SK: `CMP#${campaignId}` }),
  campaignPrefix: 'CMP#',

  /** Registry of active tenants (GSI2 of tenant items), read only by scheduled jobs. */
  tenantRegistry: 'TENANTS',

  /** An Idempotency-Key's stored outcome, by a digest of the key (24 h, then TTL). */
  idempotency: (scope: TenantScope | 'global', keyDigest: string): ItemKey => ({
    // Public POSTs (sign-up, sign-in) have no tenant yet: their keys live in a global partition.
    PK: `${scope === 'global' ? '' : tenantPrefix(scope)}IDEM#${keyDigest}`,
    SK: 'IDEM',
  }),

  /** Outbox: one item per change holding its events, written in the change's transaction, carried on by the stream. */
  outboxEvent: (scope: TenantScope, eventId: string): ItemKey => ({ PK: `${tenantPrefix(scope)}EVT#${eventId}`, SK: 'EVT' }),
} as const;
