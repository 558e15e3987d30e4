import { beforeAll, describe, expect, it } from 'vitest';
import { getRecord, pointsEarnedFromLedger, putRecordSteps } from '#shared/data/record-repository';
import { transactWrite } from '#shared/data/transactions';
import type { PointsRecord } from '#shared/domain/records/points';
import { recordBase } from '#shared/domain/records/record-kind';
import { transactions, type TransactionRecord } from '#shared/domain/records/transactions';
import { defaultTenantSettings } from '#shared/domain/tenant';
import { newCode, newId } from '#shared/runtime/ids';
import { someTenant, useFreshTable } from '#test/fixtures/fresh-table';

beforeAll(async () => {
  await useFreshTable();
});

const settings = defaultTenantSettings('CN');
const context = (customerId: string) => ({ customerId, now: new Date(), actorId: 'system', settings });

/** A purchase as Dossier kept it before refunds existed: no `refundedAmount`, no `pointsEarned`, no `pointsEntryId`. */
const olderPurchase = (customerId: string, amount: number, occurredAt: string, status: 'completed' | 'refunded' = 'completed'): TransactionRecord => {
  const built = transactions.build(
    { occurredAt, amount: { amount, currency: 'CNY' }, channel: 'store', paymentMethod: 'cash', status },
    { ...context(customerId), id: newId('transaction', Date.parse(occurredAt)), token: newCode() },
  );
  const { refundedAmount: _refunded, pointsEarned: _earned, pointsEntryId: _entry, ...kept } = built;
  return kept as TransactionRecord;
};

/** The ledger entry such a purchase had, an item of its own with an id of the purchase's time. */
const ledgerEntryOf = (purchase: TransactionRecord, delta: number): PointsRecord => ({
  ...recordBase('points', { ...context(purchase.customerId), id: newId('points', Date.parse(purchase.at)) }, purchase.at),
  delta,
  reason: 'purchase',
  sourceId: purchase.id,
});

describe('records kept before refunds existed', () => {
  it('read with nothing refunded, or all of it for a purchase recorded refunded', async () => {
    const scope = someTenant();
    const customerId = newId('customer');
    const completed = olderPurchase(customerId, 12_800, '2026-01-10T08:00:00.000Z');
    const refunded = olderPurchase(customerId, 5_000, '2026-01-11T08:00:00.000Z', 'refunded');
    await transactWrite(scope, [...putRecordSteps(scope, completed), ...putRecordSteps(scope, refunded)]);

    const [readCompleted, readRefunded] = await Promise.all([
      getRecord(scope, 'transactions', { customerId, recordId: completed.id }, true),
      getRecord(scope, 'transactions', { customerId, recordId: refunded.id }, true),
    ]);

    expect(readCompleted).toMatchObject({ status: 'completed', refundedAmount: { amount: 0, currency: 'CNY' } });
    expect(readCompleted?.pointsEarned).toBeUndefined();
    expect(readRefunded).toMatchObject({ status: 'refunded', refundedAmount: { amount: 5_000, currency: 'CNY' } });
  });

  it("find the points a purchase earned in the ledger by the purchase's time, for a backdated purchase and one recorded as it happened", async () => {
    const scope = someTenant();
    const customerId = newId('customer');
    const backdated = olderPurchase(customerId, 12_800, '2026-01-10T08:00:00.000Z');
    const justNow = olderPurchase(customerId, 3_300, new Date(Date.now() - 400).toISOString());
    const sameMoment = olderPurchase(customerId, 1_000, new Date(Date.now() - 300).toISOString());
    const entries = [ledgerEntryOf(backdated, 128), ledgerEntryOf(justNow, 33), ledgerEntryOf(sameMoment, 10)];
    await transactWrite(scope, [backdated, justNow, sameMoment, ...entries].flatMap((record) => putRecordSteps(scope, record)));

    const earned = await Promise.all([backdated, justNow, sameMoment].map((purchase) => pointsEarnedFromLedger(scope, purchase)));

    expect(earned).toEqual([128, 33, 10]);
  });
});
