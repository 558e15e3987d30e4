import { compressJson, decompressJson } from '#shared/runtime/compressed-json';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AuditEntry } from '#shared/domain/audit';
import type { OutboxEvent } from '#shared/domain/events';
import { idPrefixes } from '#shared/domain/values';
import { ulidBoundary } from '#shared/runtime/ids';
import { documentClient, tableName } from './client.ts';
import { keys, tenantOfPartition, type ItemKey } from './keys.ts';
import { queryAll, type StartKey } from './pagination.ts';
import { listClosingTenants } from './tenant-closing-repository.ts';
import { listActiveTenants } from './tenant-repository.ts';
import { scopeOfTenant, type TenantScope } from './tenant-scope.ts';
import type { TransactionStep } from './transactions.ts';

/** An outbox item the stream has not published this long after its first event is swept up. */
const SWEEP_AFTER_MS = 2 * 60 * 1000;

/**
 * The events of a change, and the audit entry that records it, as one step of the transaction
 * that makes the change: the change, its events and its audit entry are written together or not
 * at all. One outbox item holds all of them (a purchase can also change tier and stage), so a
 * change is always the same number of items. DynamoDB Streams carry the new item to the publisher,
 * which writes the audit entry into the log, publishes the events in order and deletes the item.
 * Until then it waits in its tenant's partition of unpublished changes: a stream batch that kept
 * failing (and that the stream forgets after 24 h) is found there by the sweeper, never lost — and
 * the item needs no due-work index entry to be found (docs/decisions.md). The audit log reads this
 * partition too, so an entry is listed from the moment its change commits.
 *
 * What every event of the item shares (the tenant, the instant; the audit entry's too) is kept
 * once, or not at all (the tenant is the key's), and the whole is compressed: the item is a
 * change's worth of small events, and under 1 KB it is one write unit.
 */
export const outboxStep = (scope: TenantScope, events: OutboxEvent[], audit?: AuditEntry): TransactionStep[] => {
  // With an audit entry the item takes its id's ULID, so the entry's id is the item's key.
  const firstId = audit?.id ?? events[0]?.id;
  if (!firstId) return [];
  return [
    {
      item: {
        Put: {
          TableName: tableName(),
          Item: { ...keys.outboxEvent(scope, firstId), entity: 'event', ...packed(scope.tenantId, events, audit) },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ];
};

const AUDIT_ID_PREFIX = `${idPrefixes.audit}_`;

/** The entry without its id (the item's key holds its ULID) and, when it is the events', its time. */
const auditPacked = ({ id: _id, at, ...entry }: AuditEntry, occurredAt: string | undefined) => (at === occurredAt ? entry : { ...entry, at });

/**
 * The item's attributes besides its key: what its events share (the tenant is the key's, the
 * instant is kept once), the events without it and the audit entry — as one Brotli-compressed
 * JSON document (`body`). A purchase that moves tier and stage, with a browser's user agent in its
 * audit entry, is about 1.25 KB of JSON and 0.56 KB compressed: one write unit instead of two.
 * Nothing reads the item by its attributes (the stream filter is on `entity`).
 */
const packed = (tenantId: string, events: OutboxEvent[], audit: AuditEntry | undefined) => {
  const occurredAt = events[0]?.occurredAt ?? audit?.at;
  const shared = (event: OutboxEvent) => event.tenantId === tenantId && event.occurredAt === occurredAt;
  const document = {
    occurredAt,
    events: events.map((event) => {
      if (!shared(event)) return event;
      const { tenantId: _tenant, occurredAt: _at, ...own } = event;
      return own;
    }),
    ...(audit ? { audit: auditPacked(audit, occurredAt) } : {}),
  };
  return { body: compressJson(document, BROTLI_QUALITY) };
};

/** Brotli's quality 5: within 10 % of its best on these small documents, at a fortieth of a millisecond. */
const BROTLI_QUALITY = 5;

/** The document an item holds: compressed in `body`, or (items written before compression) its own attributes. */
const documentOf = (item: Record<string, unknown>): Record<string, unknown> =>
  item.body instanceof Uint8Array ? (decompressJson(item.body) as Record<string, unknown>) : item;

/** The events and audit entry an item holds, each whole again (items written before packing hold them whole). */
const unpacked = (item: Record<string, unknown>): Omit<OutboxItem, 'key'> => {
  const tenantId = tenantOfPartition(item.PK) ?? '';
  const document = documentOf(item);
  const occurredAt = String(document.occurredAt);
  const events = ((document.events ?? []) as Partial<OutboxEvent>[]).map((event) => ({ tenantId, occurredAt, ...event }) as OutboxEvent);
  const audit = document.audit as (Omit<AuditEntry, 'at' | 'id'> & { at?: string }) | undefined;
  const id = AUDIT_ID_PREFIX + String(item.SK).slice(keys.outboxSortKey('').length);
  return { tenantId, events, ...(audit ? { audit: { id, ...audit, at: audit.at ?? occurredAt } } : {}) };
};

/** The item has been published: it leaves the partition of unpublished changes (deleting what is gone already is harmless). */
export const deletePublished = async (key: ItemKey): Promise<void> => {
  await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: key }));
};

export interface OutboxItem {
  key: ItemKey;
  tenantId: string;
  events: OutboxEvent[];
  /** The audit entry of the change, written into the log when the item is published. */
  audit?: AuditEntry;
}

/** The outbox item a table stream record brings, if it brings a new one. */
export const outboxItemOfStream = (record: DynamoDBRecord): OutboxItem | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image || image.entity?.S !== 'event') return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  return { key: { PK: String(item.PK), SK: String(item.SK) }, ...unpacked(item) };
};

/** Tenants whose changes may still wait in the outbox: the active ones and those being closed (both registries, never a Scan). */
async function* tenantsWithOutboxes(): AsyncGenerator<string> {
  let active: StartKey | undefined;
  do {
    const page = await listActiveTenants({ limit: 100, startKey: active });
    for (const tenant of page.items) yield tenant.id;
    active = page.lastKey;
  } while (active);
  let closing: StartKey | undefined;
  do {
    const page = await listClosingTenants({ limit: 100, startKey: closing });
    yield* page.items;
    closing = page.lastKey;
  } while (closing);
}

/**
 * Outbox items still unpublished a while after their change: what the sweeper publishes again.
 * One Query per tenant of its partition of unpublished changes, which the stream keeps empty.
 */
export async function* unpublishedOutboxItems(now: Date): AsyncGenerator<OutboxItem> {
  const before = keys.outboxSortKey(ulidBoundary(now.getTime() - SWEEP_AFTER_MS, 'first'));
  for await (const tenantId of tenantsWithOutboxes()) {
    const scope = scopeOfTenant(tenantId);
    for await (const item of queryAll(scope, { partition: keys.outboxPartition(scope), range: { before } })) {
      yield { key: { PK: String(item.PK), SK: String(item.SK) }, ...unpacked(item) };
    }
  }
}

/**
 * The audit entries of a tenant's changes not yet published (usually none): the audit log lists
 * them beside the entries written, so a change's entry is listed from the moment it commits. Read
 * consistently, before the log (audit-repository.ts says why).
 */
export const pendingAuditEntries = async (scope: TenantScope): Promise<AuditEntry[]> => {
  const entries: AuditEntry[] = [];
  for await (const item of queryAll(scope, { partition: keys.outboxPartition(scope), consistent: true })) {
    const { audit } = unpacked(item);
    if (audit) entries.push(audit);
  }
  return entries;
};
