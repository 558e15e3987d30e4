import { describe, expect, it } from 'vitest';
import { emptyStats } from '#shared/domain/customer';
import { emptyTallies, settle, type Figures } from '#shared/domain/customer-figures';
import { isDossierError } from '#shared/domain/errors';
import { pointsReversedBy, type PointsRecord } from '#shared/domain/records/points';
import { recomputeFigures } from '#shared/domain/records/recompute';
import { applyEffect, type CustomerRecord } from '#shared/domain/records/record-kinds';
import { planRefund, pointsTakenBack, refundFigures, refunds, type RefundRecord } from '#shared/domain/records/refunds';
import { transactions, type TransactionRecord } from '#shared/domain/records/transactions';
import { defaultTenantSettings } from '#shared/domain/tenant';

const settings = defaultTenantSettings('CN');
const now = new Date('2026-11-23T12:00:00.000Z');
let serial = 0;
const context = { customerId: 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A', now, actorId: 'usr_01JD3K0000AAAABBBBCCCCDDDD', settings, token: 'T0KEN' };
const idOf = (prefix: string) => `${prefix}_01JD3K7A8B9C0D1E2F3G4H${String((serial += 1)).padStart(4, '0')}`;
const newId = (kind: string) => idOf(kind === 'points' ? 'pts' : kind);

const purchaseOf = (amount: number, occurredAt: string): TransactionRecord =>
  transactions.build(
    { occurredAt, amount: { amount, currency: 'CNY' }, channel: 'store', paymentMethod: 'cash', status: 'completed' },
    { ...context, id: idOf('txn') },
  );

const start = (): Figures => ({ stats: emptyStats('CNY'), tallies: emptyTallies() });

/** A purchase and its points as the write path records them: the figures it reached and the record it wrote (carrying its points entry). */
const recordPurchase = (figures: Figures, purchase: TransactionRecord) => {
  const earned = transactions.companions?.(purchase) ?? [];
  return { figures: [purchase, ...earned].reduce<Figures>((sum, record) => applyEffect(sum, record), figures), records: [purchase] as CustomerRecord[] };
};

/** One refund as the write path applies it; answers the purchase after it, the figures and the records it wrote. */
const refund = (figures: Figures, purchase: TransactionRecord, amount?: number) => {
  const plan = planRefund(purchase, { amount: amount === undefined ? undefined : { amount, currency: 'CNY' }, occurredAt: now.toISOString(), earned: purchase.pointsEarned ?? 0 }, now);
  const points = pointsTakenBack(plan.points, figures.stats.pointsBalance);
  const record: RefundRecord = refunds.build(
    { transactionId: purchase.id, transactionOccurredAt: purchase.at, transactionStatus: plan.status, amount: plan.amount, occurredAt: now.toISOString(), pointsReversed: points.taken, pointsShortfall: points.shortfall },
    { ...context, id: idOf('rfd') },
  );
  const reversal: PointsRecord[] = points.taken > 0 ? [pointsReversedBy(record, points.taken, { ...context, newId })] : [];
  const after = [record, ...reversal].reduce<Figures>((sum, entry) => applyEffect(sum, entry), refundFigures(plan)(figures));
  return { purchase: plan.purchase, figures: after, refund: record, records: [record, ...reversal] as CustomerRecord[] };
};

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return isDossierError(error) ? { code: error.code, errors: error.errors, extensions: error.extensions } : error;
  }
  return undefined;
};

describe('refunding a purchase', () => {
  it('takes back part, then the rest: spend, orders and points follow, and the status says how much is gone', () => {
    const bought = recordPurchase(start(), purchaseOf(12_800, '2026-11-20T02:30:00.000Z'));

    const part = refund(bought.figures, bought.records[0] as TransactionRecord, 2_800);
    const rest = refund(part.figures, part.purchase);

    expect(part.purchase).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: 2_800 }, version: 2 });
    expect(settle(part.figures, settings, now).stats).toMatchObject({ totalSpend: { amount: 10_000 }, orderCount: 1, avgOrderValue: { amount: 10_000 }, pointsBalance: 100 });
    expect(part.refund).toMatchObject({ pointsReversed: 28, transactionStatus: 'partially_refunded' });
    expect(rest.purchase).toMatchObject({ status: 'refunded', refundedAmount: { amount: 12_800 } });
    expect(rest.refund).toMatchObject({ amount: { amount: 10_000 }, pointsReversed: 100, transactionStatus: 'refunded' });
    expect(settle(rest.figures, settings, now).stats).toMatchObject({ totalSpend: { amount: 0 }, orderCount: 0, avgOrderValue: { amount: 0 }, pointsBalance: 0 });
  });

  it('takes back exactly the points the purchase earned, however the refund is split', () => {
    let purchase = recordPurchase(start(), purchaseOf(999, '2026-11-20T00:00:00.000Z')).records[0] as TransactionRecord;
    let figures = recordPurchase(start(), purchase).figures;
    const reversed: number[] = [];

    for (const amount of [333, 333, undefined]) {
      const step = refund(figures, purchase, amount);
      reversed.push(step.refund.pointsReversed);
      ({ purchase, figures } = step);
    }

    expect(reversed.reduce((a, b) => a + b, 0)).toBe(9);
    expect(figures.stats.pointsBalance).toBe(0);
  });

  it('refuses more than is left, and anything of a purchase refunded already', () => {
    const purchase = purchaseOf(5_000, '2026-11-20T00:00:00.000Z');
    const half = refund(recordPurchase(start(), purchase).figures, purchase, 2_500);

    expect(refusal(() => refund(half.figures, half.purchase, 2_501))).toMatchObject({ code: 'conflict', errors: [{ path: 'amount' }], extensions: { refundableAmount: { amount: 2_500 } } });
    expect(refusal(() => refund(half.figures, refund(half.figures, half.purchase).purchase))).toMatchObject({ code: 'conflict', errors: [{ path: 'transactionId' }] });
  });

  it('refuses a refund dated before its purchase', () => {
    const purchase = purchaseOf(5_000, '2026-11-22T00:00:00.000Z');

    expect(refusal(() => planRefund(purchase, { occurredAt: '2026-11-21T00:00:00.000Z', earned: 50 }, now))).toMatchObject({ code: 'validation-failed', errors: [{ path: 'occurredAt' }] });
  });

  it('takes what is left of spent points and records the shortfall, never going below zero', () => {
    expect(pointsTakenBack(128, 200)).toEqual({ taken: 128, shortfall: 0 });
    expect(pointsTakenBack(128, 40)).toEqual({ taken: 40, shortfall: 88 });
    expect(pointsTakenBack(128, 0)).toEqual({ taken: 0, shortfall: 128 });
  });

  it('reaches the figures a recomputation from the records reaches, tier and dates included', () => {
    const first = recordPurchase(start(), purchaseOf(600_000, '2026-03-10T00:00:00.000Z'));
    const second = recordPurchase(first.figures, purchaseOf(500_000, '2026-10-05T00:00:00.000Z'));
    const vip = settle(second.figures, settings, now);
    const part = refund(second.figures, second.records[0] as TransactionRecord, 200_000);
    const whole = refund(part.figures, first.records[0] as TransactionRecord);
    const records = [...first.records.slice(1), whole.purchase, ...second.records.slice(1), part.purchase, ...part.records, ...whole.records];

    const written = settle(whole.figures, settings, now);
    const recomputed = recomputeFigures(records, settings, 'CNY', now);

    expect(vip.tier).toBe('vip');
    expect(written.tier).toBe('potential');
    expect(written.stats).toEqual(recomputed.stats);
    expect([written.tier, written.stage]).toEqual([recomputed.tier, recomputed.stage]);
    expect(written.stats).toMatchObject({ totalSpend: { amount: 300_000 }, orderCount: 1, firstPurchaseAt: '2026-03-10T00:00:00.000Z', lastPurchaseAt: '2026-10-05T00:00:00.000Z' });
  });
});
