import { describe, expect, it } from 'vitest';
import { emptyStats } from '#shared/domain/customer';
import { addPurchase, emptyTallies, last12Months, noteFeedbackScores, settle, stageOf, tierOf } from '#shared/domain/customer-figures';
import { defaultTenantSettings } from '#shared/domain/tenant';

const settings = defaultTenantSettings('CN');
const now = new Date('2026-11-23T12:00:00Z');
const start = () => ({ stats: emptyStats('CNY'), tallies: emptyTallies() });

describe('customer figures', () => {
  it('sums purchases, averages them and keeps the first and last dates', () => {
    let figures = start();
    for (const [amount, at] of [[1000, '2026-11-01T00:00:00Z'], [2000, '2026-10-01T00:00:00Z'], [4000, '2026-11-20T00:00:00Z']] as const) {
      figures = addPurchase(figures, amount, at);
    }

    const settled = settle(figures, settings, now);

    expect(settled.stats).toMatchObject({
      totalSpend: { amount: 7000 },
      orderCount: 3,
      avgOrderValue: { amount: 2333 },
      firstPurchaseAt: '2026-10-01T00:00:00Z',
      lastPurchaseAt: '2026-11-20T00:00:00Z',
    });
    expect(settled.stage).toBe('repeat');
  });

  it('judges tiers on the last 12 months only', () => {
    const old = addPurchase(start(), 5_000_000, '2025-10-15T00:00:00Z');
    const recent = addPurchase(start(), 1_000_000, '2026-01-15T00:00:00Z');

    expect(tierOf(old.tallies, settings.tiers, now)).toBe('potential');
    expect(tierOf(recent.tallies, settings.tiers, now)).toBe('vip');
    expect(last12Months(now)).toHaveLength(12);
    expect(last12Months(now)[0]).toBe('2025-12');
  });

  it('forgets month buckets a 12-month window can no longer reach', () => {
    const figures = addPurchase(addPurchase(start(), 100, '2024-01-01T00:00:00Z'), 100, '2026-11-01T00:00:00Z');

    const settled = settle(figures, settings, now);

    expect(Object.keys(settled.tallies.spendByMonth)).toEqual(['2026-11']);
    expect(settled.stats.totalSpend.amount).toBe(200);
  });

  it('turns a quiet buyer at_risk after 90 days and churned after 180', () => {
    const stats = { ...emptyStats('CNY'), orderCount: 2, lastPurchaseAt: '2026-01-01T00:00:00Z' };

    expect(stageOf(stats, settings.stages, new Date('2026-02-01T00:00:00Z'))).toBe('repeat');
    expect(stageOf(stats, settings.stages, new Date('2026-05-01T00:00:00Z'))).toBe('at_risk');
    expect(stageOf(stats, settings.stages, new Date('2026-08-01T00:00:00Z'))).toBe('churned');
  });

  it('computes satisfaction as the mean rating and NPS as promoters minus detractors', () => {
    let figures = start();
    for (const scores of [{ rating: 5, nps: 10 }, { rating: 2, nps: 3 }, { nps: 8 }, { rating: 4 }]) figures = noteFeedbackScores(figures, scores);

    const settled = settle(figures, settings, now);

    expect(settled.stats.satisfaction).toBe(3.67);
    expect(settled.stats.nps).toBe(0);
  });
});
