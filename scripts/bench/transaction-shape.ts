import { randomUUID } from 'node:crypto';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type PutCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { recordKinds } from '#shared/domain/records/record-kinds';
import type { RequestMeta } from '#shared/domain/request-meta';
import { documentClient, tableName } from '#shared/data/client';
import { addRecord } from '#shared/services/record-writes';
import { createCustomersInProcess } from '#scripts/seed/service-seeder';
import type { OperationsTenant } from './operations-tenant.ts';
import { itemSize } from './item-size.ts';
import { distribution, median } from './statistics.ts';
import { localClient, unitsOf } from './transaction-metering.ts';

/**
 * What each write's transaction holds and what AWS would bill for it. The capacity header says
 * how many calls a request made, not how many items a TransactWriteItems carried, and DynamoDB
 * Local under-counts multi-item transactions (transaction-metering.ts). So the service functions
 * the handlers call are run here with an observer on the data layer's client which, before each
 * transaction, replays every item as a plain write on a scratch table of the same definition and
 * reads the units DynamoDB Local reports per item and per index. AWS bills the table part of a
 * transactional write at 2× per item; index updates are propagated after the transaction commits
 * and are counted here at the plain rate.
 */
export interface TransactionShape {
  items: { items: number; count: number }[];
  /** Median units DynamoDB Local reported for the transaction. */
  localUnits: number;
  /** Median AWS write units: 2 × the table units of each item, plus its index writes. */
  awsUnits: number;
  /** The same, if AWS also doubled the index writes a transaction causes (an upper bound). */
  awsUnitsIfIndexWritesDoubled: number;
  /** The AWS estimate by where the units land: the table and each GSI (medians). */
  awsUnitsBy: Record<string, number>;
  /** Each kind of item the transactions write (its `entity`, and `kind` for records): bytes after the write, median and largest. */
  itemBytes: { item: string; median: number; max: number }[];
}

export interface TransactionShapes {
  createCustomer: TransactionShape;
  /** Purchases of the operations tenant's customers, as the per-operation figures make them: most leave tier and stage as they were. */
  recordTransaction: TransactionShape;
  /** A new customer's first purchase: its stage moves, so its card is written again in every listing. */
  firstPurchase: TransactionShape;
}

const OBSERVER = 'benchTransactionObserver';

/**
 * Where the observed writes come from, as their audit entries record it: a staff member's browser
 * (a desktop Chrome's user agent, 111 characters) rather than the bench's short name, so the
 * outbox item that carries the audit entry is measured at the size it has in use.
 */
const STAFF_BROWSER = {
  sourceIp: '203.0.113.45',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
};

type Step = { Put?: Record<string, unknown>; Update?: Record<string, unknown> & { Key: Record<string, unknown> } };

const unitsByTarget = (consumed: ConsumedCapacity | undefined): Record<string, number> => {
  const units: Record<string, number> = { table: 2 * (consumed?.Table?.CapacityUnits ?? 0) };
  for (const [index, capacity] of Object.entries(consumed?.GlobalSecondaryIndexes ?? {})) units[index] = capacity.CapacityUnits ?? 0;
  return units;
};

const labelOf = (item: Record<string, unknown>): string => [item.entity, item.kind].filter((part) => typeof part === 'string').join(':') || 'item';

const keyOf = (item: Record<string, unknown>): Record<string, unknown> => ({ PK: item.PK, SK: item.SK });

/** Copies the real table's item at `key` to the meter table, or removes it there, unmetered. */
const mirrorItem = async (meter: DynamoDBDocumentClient, meterTable: string, key: Record<string, unknown>): Promise<void> => {
  const before = await meter.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  if (before.Item) await meter.send(new PutCommand({ TableName: meterTable, Item: before.Item }));
  else await meter.send(new DeleteCommand({ TableName: meterTable, Key: key }));
};

/** The AWS units of one transaction, from plain writes of its items on the scratch table; `sizes` gets each item's bytes after its write. */
const awsEstimate = async (meter: DynamoDBDocumentClient, meterTable: string, steps: Step[], sizes: { item: string; bytes: number }[]): Promise<Record<string, number>> => {
  const total: Record<string, number> = {};
  for (const step of steps) {
    let consumed: ConsumedCapacity | undefined;
    if (step.Put) {
      // The meter table holds the key as the real table does before the transaction (an item the
      // real table deleted since, such as a published outbox item, is gone from it too).
      await mirrorItem(meter, meterTable, keyOf(step.Put.Item as Record<string, unknown>));
      const input = { ...step.Put, TableName: meterTable, ReturnConsumedCapacity: 'INDEXES' } as PutCommandInput;
      consumed = (await meter.send(new PutCommand(input))).ConsumedCapacity;
      sizes.push({ item: labelOf(step.Put.Item as Record<string, unknown>), bytes: itemSize(step.Put.Item as Record<string, unknown>) });
    } else if (step.Update) {
      // The item as it stands before the transaction, copied unmetered; then the same update, metered.
      await mirrorItem(meter, meterTable, step.Update.Key);
      const input = { ...step.Update, TableName: meterTable, ReturnConsumedCapacity: 'INDEXES' } as UpdateCommandInput;
      consumed = (await meter.send(new UpdateCommand(input))).ConsumedCapacity;
      const after = await meter.send(new GetCommand({ TableName: meterTable, Key: step.Update.Key, ConsistentRead: true }));
      if (after.Item) sizes.push({ item: labelOf(after.Item), bytes: itemSize(after.Item) });
    } else {
      throw new Error(`No AWS estimate for a transaction step of kind ${Object.keys(step).join(',')}`);
    }
    for (const [target, units] of Object.entries(unitsByTarget(consumed))) total[target] = (total[target] ?? 0) + units;
  }
  return total;
};

const observingTransactions = async (meterEndpoint: string, meterTable: string, work: () => Promise<void>): Promise<TransactionShape> => {
  const meter = localClient(meterEndpoint);
  const sizes: number[] = [];
  const local: number[] = [];
  const estimates: Record<string, number>[] = [];
  const itemSizes: { item: string; bytes: number }[] = [];
  let inTurn: Promise<unknown> = Promise.resolve();
  const stack = documentClient().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      const steps = (args.input as { TransactItems: Step[] }).TransactItems;
      // One transaction at a time: the meter table mirrors the real items before each, which two
      // transactions in flight on a shared item (a tenant's counter) would race.
      const turn = inTurn.then(async () => {
        // A step whose condition fails on the mirrored items fails on the real table too (a write
        // that lost a race, which its service retries): that attempt writes nothing and counts nothing.
        const estimate = await awsEstimate(meter, meterTable, steps, itemSizes).catch((error: unknown) => {
          if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
          throw error;
        });
        if (estimate) estimates.push(estimate);
        const result = await next(args);
        sizes.push(steps.length);
        local.push(unitsOf((result.output as { ConsumedCapacity?: ConsumedCapacity[] }).ConsumedCapacity));
        return result;
      });
      inTurn = turn.catch(() => undefined);
      return turn;
    },
    { step: 'initialize', name: OBSERVER },
  );
  try {
    await work();
  } finally {
    stack.remove(OBSERVER);
    meter.destroy();
  }
  const targets = [...new Set(estimates.flatMap((entry) => Object.keys(entry)))].sort();
  const sum = (entry: Record<string, number>) => Object.values(entry).reduce((a, b) => a + b, 0);
  const indexWritesDoubled = (entry: Record<string, number>) => 2 * sum(entry) - (entry.table ?? 0);
  return {
    items: distribution(sizes).map(({ value, count }) => ({ items: value, count })),
    localUnits: median(local),
    awsUnits: median(estimates.map(sum)),
    awsUnitsIfIndexWritesDoubled: median(estimates.map(indexWritesDoubled)),
    awsUnitsBy: Object.fromEntries(targets.map((target) => [target, median(estimates.map((entry) => entry[target] ?? 0))])),
    itemBytes: [...new Set(itemSizes.map((size) => size.item))].map((item) => {
      const bytes = itemSizes.filter((size) => size.item === item).map((size) => size.bytes);
      return { item, median: median(bytes), max: Math.max(...bytes) };
    }),
  };
};

export const observeTransactionShapes = async (ops: OperationsTenant, meter: { endpoint: string; tableName: string }, samples = { customers: 8, purchases: 32 }): Promise<TransactionShapes> => {
  const target = { seed: ops.seed, tenantId: ops.tenant.id, ownerUserId: ops.tenant.ownerId, concurrency: 1, client: STAFF_BROWSER };
  const first = ops.nextCustomerIndex();
  for (let i = 1; i < samples.customers; i += 1) ops.nextCustomerIndex();
  let created: Awaited<ReturnType<typeof createCustomersInProcess>> = [];
  const createCustomer = await observingTransactions(meter.endpoint, meter.tableName, async () => {
    created = await createCustomersInProcess(target, { from: first, to: first + samples.customers });
  });
  const input = recordKinds.transactions.inputSchemaFor({ currency: 'CNY', country: 'CN' });
  const purchase = async (customerId: string, amount: number) => {
    const meta: RequestMeta = { requestId: randomUUID(), now: new Date(), ...STAFF_BROWSER };
    const body = { occurredAt: meta.now.toISOString(), amount: { amount, currency: 'CNY' }, channel: 'store', paymentMethod: 'wechat' };
    await addRecord({ scope: ops.scope, principal: ops.principal, meta }, { kind: 'transactions', customerId, input: input.parse(body) });
  };
  // Spread over the tenant's customers, as "record a transaction" above is: their histories decide
  // which purchases move a tier or a stage, as they would in a shop.
  const step = Math.max(1, Math.floor(ops.customers.length / samples.purchases));
  const recordTransaction = await observingTransactions(meter.endpoint, meter.tableName, async () => {
    for (let i = 0; i < samples.purchases; i += 1) await purchase(ops.customers[(i * step) % ops.customers.length]!.id, 12_800 + 6_400 * (i % 8));
  });
  const firstPurchase = await observingTransactions(meter.endpoint, meter.tableName, async () => {
    for (const customer of created) await purchase(customer.id, 68_800);
  });
  return { createCustomer, recordTransaction, firstPurchase };
};
