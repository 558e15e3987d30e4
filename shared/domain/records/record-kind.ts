import type { z } from 'zod';
import type { Figures } from '../customer-figures.ts';
import type { TenantSettings } from '../tenant.ts';
import type { IdKind } from '../values.ts';

/**
 * One kind of record in a customer's archive (transactions, interactions, feedback…), declared
 * once: its path segment, id kind, body schema, how it is built, what it does to the profile's
 * figures, and which cross-customer lists it appears in. The HTTP routes, the repository and the
 * recomputation on merge are generic over this declaration.
 */

export type RecordKindName =
  | 'transactions'
  | 'interactions'
  | 'feedback'
  | 'followups'
  | 'payments'
  | 'points'
  | 'coupons'
  | 'participations';

/** Every record carries these; kind-specific fields sit beside them. */
export interface RecordBase {
  id: string;
  kind: RecordKindName;
  customerId: string;
  /** When it happened: orders the timeline (a purchase may be recorded after the fact). */
  at: string;
  createdAt: string;
  createdBy: string;
  version: number;
}

export type CustomerRecord = RecordBase & Record<string, unknown>;

export interface BuildContext {
  id: string;
  customerId: string;
  now: Date;
  actorId: string;
  settings: TenantSettings;
  currency: string;
  /** A fresh random token for kinds that need one (a coupon's code); made by the caller. */
  token: string;
}

/** What a tenant's body schemas depend on. */
export interface TenantTerms {
  currency: string;
}

export type { Figures };

/** Keys of a record in the cross-customer lists (GSI2: by status; GSI3: by assignee or due). */
export interface CrossListKeys {
  GSI2?: { pk: string; sk: string };
  GSI3?: { pk: string; sk: string };
}

export interface RecordKind<I = unknown> {
  name: RecordKindName;
  singular: string;
  idKind: IdKind;
  /** Sort-key prefix of the kind inside the customer's item collection. */
  prefix: string;
  /** The create body for a tenant (money must be in the tenant's currency). */
  input: (terms: TenantTerms) => z.ZodType<I>;
  /** The instant that orders the record in the timeline, from the body (or `now`). */
  at: (input: I, now: Date) => string;
  build: (input: I, context: BuildContext) => CustomerRecord;
  /** Records written in the same transaction as this one (a purchase's points). */
  companions?: (record: CustomerRecord, context: Omit<BuildContext, 'id' | 'token'>, newId: (kind: IdKind, at: number) => string) => CustomerRecord[];
  /** What the record, as it stands, contributes to the figures; also used to recompute on merge. */
  effect?: (figures: Figures, record: CustomerRecord) => Figures;
  /**
   * Values that must be unique, kept by guard items written with the record: per tenant (a
   * coupon code, an order's external id) or per customer (one participation per campaign).
   */
  uniqueKeys?: (record: CustomerRecord) => UniqueKey[];
  /** Cross-customer list keys, relative to the tenant (the repository adds the prefix). */
  crossLists?: (record: CustomerRecord) => CrossListKeys;
  /** The event that announces a new record, if any. */
  event?: string;
  /** Fields an event about the record may carry: ids, kinds, amounts, statuses; no free text. */
  eventData?: (record: CustomerRecord) => Record<string, unknown>;
}

/**
 * Any kind, whatever its body type. The generic routes only hand a kind a body its own schema
 * produced, so the body type can be left open here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRecordKind = RecordKind<any>;

export interface UniqueKey {
  scope: 'tenant' | 'customer';
  name: string;
  value: string;
  /** The body field the value came from, for the 409's field error. */
  field: string;
}


/** The fields every record starts with, stamped from the build context. */
export const recordBase = (
  kind: RecordKindName,
  context: Pick<BuildContext, 'id' | 'customerId' | 'now' | 'actorId'>,
  at: string = context.now.toISOString(),
): RecordBase => ({
  id: context.id,
  kind,
  customerId: context.customerId,
  at,
  createdAt: context.now.toISOString(),
  createdBy: context.actorId,
  version: 1,
});
