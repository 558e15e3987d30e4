import { recordKinds } from '#shared/domain/records/record-kinds';
import type { RequestMeta } from '#shared/domain/request-meta';
import { documentClient } from '#shared/data/client';
import { addCheckedRecord } from '#shared/services/record-preconditions';
import { createCustomersInProcess } from '#scripts/seed/service-seeder';
import type { OperationsTenant } from './operations-tenant.ts';
import { distribution } from './statistics.ts';

/**
 * How many items each write's transaction holds. The capacity header says how many calls a
 * request made, not how many items a TransactWriteItems carried, so the same service functions
 * the handlers call are run here with an observer on the data layer's client: a customer's
 * creation, then its first purchases (the first moves its stage, which adds an event).
 */
export interface TransactionShapes {
  createCustomer: { items: number; count: number }[];
  recordTransaction: { items: number; count: number }[];
}

const OBSERVER = 'benchTransactionObserver';

const observingTransactions = async (work: () => Promise<void>): Promise<number[]> => {
  const sizes: number[] = [];
  const stack = documentClient().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') sizes.push((args.input as { TransactItems: unknown[] }).TransactItems.length);
      return next(args);
    },
    { step: 'initialize', name: OBSERVER },
  );
  try {
    await work();
  } finally {
    stack.remove(OBSERVER);
  }
  return sizes;
};

const asItems = (sizes: number[]) => distribution(sizes).map(({ value, count }) => ({ items: value, count }));

export const observeTransactionShapes = async (ops: OperationsTenant, customers = 8, purchasesEach = 4): Promise<TransactionShapes> => {
  const target = { seed: ops.seed, tenantId: ops.tenant.id, ownerUserId: ops.tenant.ownerId, concurrency: 1 };
  const first = ops.nextCustomerIndex();
  for (let i = 1; i < customers; i += 1) ops.nextCustomerIndex();
  let created: Awaited<ReturnType<typeof createCustomersInProcess>> = [];
  const creations = await observingTransactions(async () => {
    created = await createCustomersInProcess(target, { from: first, to: first + customers });
  });
  const kind = recordKinds.transactions;
  const input = kind.input({ currency: 'CNY' });
  const purchases = await observingTransactions(async () => {
    for (const customer of created) {
      for (let i = 0; i < purchasesEach; i += 1) {
        const meta: RequestMeta = { requestId: `bench-shape-${i}`, now: new Date(), sourceIp: '127.0.0.1', userAgent: 'dossier-bench' };
        const body = { occurredAt: meta.now.toISOString(), amount: { amount: 68_800 * (i + 1), currency: 'CNY' }, channel: 'store', paymentMethod: 'wechat' };
        await addCheckedRecord(ops.scope, ops.principal, kind, customer.id, input.parse(body), meta);
      }
    }
  });
  return { createCustomer: asItems(creations), recordTransaction: asItems(purchases) };
};
