import * as z from 'zod';
import type { Figures } from '../customer-figures.ts';
import type { EventDraft } from '../events.ts';
import type { TenantSettings, TenantTerms } from '../tenant.ts';
import { IsoDateTimeSchema, idSchemaFor, type IdKind } from '../values.ts';
import type { PointsRecord } from './points.ts';

/**
 * One kind of record in a customer's archive (transactions, interactions, feedback…), declared
 * once: its path segment, id kind, body schema, how it is built, what it does to the profile's
 * figures, which cross-customer lists it appears in and which event announces it. The record's
 * type is what `build` returns, so every function of the declaration sees the kind's own fields.
 * The HTTP routes, the repository and the recomputation on merge are generic over it.
 */

/**
 * The queues of due work (DESIGN.md, "all time-based work is due-work"): what waits for an
 * instant, in the time-bucketed index a scheduled job reads.
 */
export type DueQueue = 'webhook' | 'message' | 'followup';

/** Every record carries these; kind-specific fields sit beside them. */
export interface RecordBase<N extends string = string> {
  id: string;
  kind: N;
  customerId: string;
  /**
   * When it happened — for a record with no time of its own, the time of what caused it (the
   * points a purchase earned carry the purchase's time). The timeline is newest first by it.
   */
  occurredAt: string;
  /** The same instant as `occurredAt` (the name records had first). */
  at: string;
  createdAt: string;
  createdBy: string;
  version: number;
  updatedAt?: string;
}

/** The fields of `RecordBase` as zod, for a kind's answer schema (`z.object({ ...recordBaseShape(…), … })`). */
export const recordBaseShape = <const N extends string>(kind: N, idKind: IdKind) => ({
  id: idSchemaFor(idKind),
  kind: z.literal(kind),
  customerId: idSchemaFor('customer'),
  occurredAt: IsoDateTimeSchema.describe(
    'When it happened — for a record with no time of its own, the time of what caused it (the points a purchase earned carry the purchase’s time). The timeline is newest first by it.',
  ),
  at: IsoDateTimeSchema.describe('The same instant as `occurredAt` (the name records had first; use `occurredAt`)').meta({ deprecated: true }),
  createdAt: IsoDateTimeSchema,
  createdBy: z.string().describe('The user or API key that recorded it, or `system`'),
  version: z.number().int().min(1),
  updatedAt: IsoDateTimeSchema.optional(),
});

/** What the examples of record schemas share: a customer and a staff user of the documented tenant. */
export const exampleBase = {
  customerId: 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A',
  createdAt: '2026-11-20T02:30:00.000Z',
  createdBy: 'usr_01JD3K0000AAAABBBBCCCCDDDD',
  version: 1,
} as const;

export interface BuildContext {
  id: string;
  customerId: string;
  now: Date;
  actorId: string;
  settings: TenantSettings;
  /** A fresh random token for kinds that need one (a coupon's code); made by the caller. */
  token: string;
}

/** What a record's companions are built with: its context, and a maker of ids at an instant. */
export interface CompanionContext extends Omit<BuildContext, 'id' | 'token'> {
  newId: (kind: IdKind, at: number) => string;
}

/**
 * A list of records across the tenant's customers (open complaints, follow-ups by due time),
 * declared as facets: the partition key is `label` and the values of `partition`, the sort key
 * the values of `sort` (shared/data/keys.ts composes them). A record is in the list while
 * `includes` holds, or, without it, always.
 */
export interface CrossList<R> {
  index: 'GSI2' | 'GSI3';
  label: string;
  partition: readonly (keyof R & string)[];
  sort: readonly (keyof R & string)[];
  includes?: (record: R) => boolean;
}

/** Something of the same tenant a record's body names, which must exist (a staff user, a campaign). */
export interface Reference {
  field: string;
  to: 'user' | 'campaign';
  id: string;
}

export interface UniqueKey {
  scope: 'tenant' | 'customer';
  name: string;
  value: string;
  /** The body field the value came from, for the 409's field error. */
  field: string;
}

/** A record's change after it is written: the new record, the event it causes, its effect on the figures. */
export interface RecordChange<R> {
  record: R;
  event?: EventDraft;
  figures?: (figures: Figures) => Figures;
}

/** The PATCH a kind accepts, and how it moves a record (a complaint resolved, a payment paid). */
export interface RecordUpdate<R, U> {
  schema: z.ZodType<U>;
  apply: (record: R, update: U, now: Date) => RecordChange<R>;
}

export interface RecordKind<N extends string, I, R, U = never> {
  name: N;
  singular: string;
  idKind: IdKind;
  /** Sort-key prefix of the kind inside the customer's item collection. */
  prefix: string;
  /** The create body for a tenant (money must be in the tenant's currency). */
  inputSchemaFor: (terms: TenantTerms) => z.ZodType<I>;
  /** The instant that orders the record in the timeline, from the body (or `now`). */
  occurredAt: (input: I, now: Date) => string;
  build: (input: I, context: BuildContext) => R;
  /** The record as the API answers it (its OpenAPI component). */
  schema: z.ZodType<R>;
  /** What the body refers to; each must exist in the tenant, or the field is a 400. */
  references?: (input: I) => Reference[];
  /**
   * A stored record as the kind's schema reads today, for records kept before a field existed (a
   * purchase without `refundedAmount`); applied wherever records are read from the table.
   */
  upgrade?: (stored: R) => R;
  /**
   * Records this one carries on its own item (the points entry of what a purchase earned): not
   * written apart, but counted, announced and listed as records of their own kind.
   */
  companions?: (record: R) => PointsRecord[];
  /** What the record, as it stands, contributes to the figures; also used to recompute on merge. */
  effect?: (figures: Figures, record: R) => Figures;
  /**
   * Values that must be unique, kept by guard items written with the record: per tenant (a
   * coupon code, an order's external id) or per customer (one participation per campaign).
   */
  uniqueKeys?: (record: R) => UniqueKey[];
  lists?: readonly CrossList<R>[];
  /** When the record is due work, and in which queue: a follow-up to remind, a message to send. */
  due?: (record: R) => { queue: DueQueue; at: string } | undefined;
  /** The event that announces a new record: ids, kinds, amounts, statuses; no free text. */
  event?: (record: R) => EventDraft;
  update?: RecordUpdate<R, U>;
}

/** Declares a kind; its record type is inferred from `build` and checked to carry the base fields. */
export const defineRecordKind = <const N extends string, I, R extends RecordBase<N>, U = never>(kind: RecordKind<N, I, R, U>) => kind;

/** The fields every record starts with, stamped from the build context. */
export const recordBase = <const N extends string>(
  kind: N,
  context: Pick<BuildContext, 'id' | 'customerId' | 'now' | 'actorId'>,
  at: string = context.now.toISOString(),
): RecordBase<N> => ({
  id: context.id,
  kind,
  customerId: context.customerId,
  occurredAt: at,
  at,
  createdAt: context.now.toISOString(),
  createdBy: context.actorId,
  version: 1,
});

/** The record after a change: its new fields, the next version, when it changed. */
export const revised = <R extends RecordBase>(record: R, changes: Partial<R>, now: Date): R => ({
  ...record,
  ...changes,
  version: record.version + 1,
  updatedAt: now.toISOString(),
});
