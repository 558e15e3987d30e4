import { describe, expect, it } from 'vitest';
import { emptyStats } from '#shared/domain/customer';
import { clvOf, rfmScores } from '#shared/domain/customer-scores';

const now = new Date('2026-11-23T00:00:00Z');
const buyer = (id: string, orderCount: number, spend: number, lastDaysAgo: number) => ({
  id,
  stats: {
    ...emptyStats('CNY'),
    orderCount,
    totalSpend: { amount: spend, currency: 'CNY' },
    avgOrderValue: { amount: Math.round(spend / Math.max(1, orderCount)), currency: 'CNY' },
    firstPurchaseAt: '2024-11-23T00:00:00Z',
    lastPurchaseAt: new Date(now.getTime() - lastDaysAgo * 86_400_000).toISOString(),
  },
});

describe('RFM', () => {
  it('gives the best buyer 5s and the weakest 1s across five buyers', () => {
    const customers = [buyer('a', 10, 90000, 1), buyer('b', 8, 50000, 10), buyer('c', 5, 30000, 30), buyer('d', 2, 9000, 90), buyer('e', 1, 500, 300)];

    const scores = rfmScores(customers, now);

    expect(scores.get('a')).toEqual({ r: 5, f: 5, m: 5, segment: 'champions' });
    expect(scores.get('e')).toMatchObject({ r: 1, f: 1, m: 1, segment: 'hibernating' });
  });

  it('scores nobody who never bought, and ties alike', () => {
    const customers = [buyer('a', 3, 1000, 5), buyer('b', 3, 1000, 5), { id: 'c', stats: emptyStats('CNY') }];

    const scores = rfmScores(customers, now);

    expect(scores.has('c')).toBe(false);
    expect(scores.get('a')).toEqual(scores.get('b'));
  });
});

describe('CLV', () => {
  it('estimates average order × orders per year × 3 years', () => {
    expect(clvOf(buyer('a', 10, 100000, 1).stats, now)).toEqual({ amount: 150000, currency: 'CNY' });
    expect(clvOf(emptyStats('CNY'), now)).toBeUndefined();
  });
});
