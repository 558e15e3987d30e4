import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEvent } from '#shared/domain/events';
import type { AuditQuery } from '#shared/domain/audit';
import { appendAudit, listAudit } from '#shared/data/audit-repository';
import { readItem } from '#shared/data/client';
import { keys } from '#shared/data/keys';
import { queryAll } from '#shared/data/pagination';
import type { TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { registerEventBus } from '#shared/events/event-bus';
import { auditEntryOf, changeStepsOf } from '#shared/services/audit-trail';
import type { Caller } from '#shared/services/caller';
import { publishChanges } from '#shared/services/outbox-publishing';
import { newId } from '#shared/runtime/ids';
import { someTenant, useFreshTable } from '#test/fixtures/fresh-table';

/** What reached the bus: EventBridge cannot run here, so the bus adapter records instead. */
const published: OutboxEvent[] = [];

beforeAll(async () => {
  await useFreshTable();
  registerEventBus({ publish: async (events) => void published.push(...events) });
});

afterAll(() => registerEventBus(undefined));

const callerAt = (scope: TenantScope, at: Date): Caller => ({
  scope,
  principal: { kind: 'user', tenantId: scope.tenantId, userId: 'usr_01JD3K0000AAAABBBBCCCCDDDD', role: 'owner' },
  meta: { requestId: `req-${at.getTime()}`, now: at, sourceIp: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
});

/** A customer created at `at`: the change's event and audit entry, committed and not yet published. */
const commitCreation = async (scope: TenantScope, at: Date) => {
  const customerId = newId('customer', at.getTime());
  const event = newEvent(scope.tenantId, { type: 'customer.created', data: { customerId, tier: 'potential', stage: 'prospect' } }, at);
  await transactWrite(scope, changeStepsOf(callerAt(scope, at), [event], 'customer.created', { customerId, target: { type: 'customer', id: customerId } }));
  return { customerId, event };
};

/** The tenant's outbox items as the table stream hands them to the publisher. */
const streamRecords = async (scope: TenantScope): Promise<DynamoDBRecord[]> => {
  const records: DynamoDBRecord[] = [];
  for await (const item of queryAll(scope, { partition: keys.outboxPartition(scope) })) {
    records.push({ eventName: 'INSERT', dynamodb: { NewImage: marshall(item) as never, SequenceNumber: String(records.length + 1) } });
  }
  return records;
};

const everyPage = async (scope: TenantScope, query: AuditQuery, limit: number) => {
  const pages: string[][] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await listAudit(scope, query, { limit, startKey });
    pages.push(page.items.map((entry) => entry.id));
    startKey = page.lastKey;
  } while (startKey && pages.length < 20);
  return pages;
};

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);

describe("a change's audit entry, carried by its outbox item", () => {
  it('is listed from the moment the change commits, and once when the publisher has written it into the log', async () => {
    const scope = someTenant();
    const at = secondsAgo(30);
    const { customerId, event } = await commitCreation(scope, at);

    const beforePublishing = (await listAudit(scope, {}, { limit: 10 })).items;
    const answer = await publishChanges({ Records: await streamRecords(scope) });
    const afterPublishing = (await listAudit(scope, {}, { limit: 10 })).items;

    expect(beforePublishing).toEqual([
      expect.objectContaining({
        action: 'customer.created',
        at: at.toISOString(),
        customerId,
        target: { type: 'customer', id: customerId },
        actor: { type: 'user', id: 'usr_01JD3K0000AAAABBBBCCCCDDDD' },
        sourceIp: '203.0.113.9',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
        outcome: 'success',
      }),
    ]);
    expect(answer.batchItemFailures).toEqual([]);
    expect(afterPublishing).toEqual(beforePublishing);
    expect(await readItem(scope, keys.audit(scope, beforePublishing[0]!.id))).toMatchObject({ action: 'customer.created', customerId });
    expect(published.filter((sent) => sent.tenantId === scope.tenantId)).toEqual([event]);
    expect(await streamRecords(scope)).toEqual([]);
  });

  it('pages through written entries and waiting ones newest first, each once', async () => {
    const scope = someTenant();
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const at = secondsAgo(100 - i * 10);
      if (i % 2 === 0) {
        await commitCreation(scope, at);
      } else {
        const entry = auditEntryOf(callerAt(scope, at), 'customer.revealed');
        await appendAudit(scope, entry);
      }
    }
    for (const entry of (await listAudit(scope, {}, { limit: 50 })).items) ids.push(entry.id);

    const pages = await everyPage(scope, {}, 2);

    expect(ids).toHaveLength(7);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(pages.flat()).toEqual(ids);
    expect(pages.every((page) => page.length <= 2)).toBe(true);
  });

  it('answers the filters of the log for waiting entries too', async () => {
    const scope = someTenant();
    const early = await commitCreation(scope, secondsAgo(300));
    const late = await commitCreation(scope, secondsAgo(100));
    await appendAudit(scope, auditEntryOf(callerAt(scope, secondsAgo(200)), 'customer.revealed', { customerId: late.customerId }));

    const byCustomer = (await listAudit(scope, { customerId: late.customerId }, { limit: 10 })).items;
    const created = (await listAudit(scope, { action: 'customer.created' }, { limit: 10 })).items;
    const before = (await listAudit(scope, { to: secondsAgo(250).toISOString() }, { limit: 10 })).items;

    expect(byCustomer.map((entry) => entry.action)).toEqual(['customer.created', 'customer.revealed']);
    expect(created.map((entry) => entry.customerId)).toEqual([late.customerId, early.customerId]);
    expect(before.map((entry) => entry.customerId)).toEqual([early.customerId]);
  });
});
