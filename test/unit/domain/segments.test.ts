import { describe, expect, it } from 'vitest';
import { emptyStats } from '#shared/domain/customer';
import { emptyTallies } from '#shared/domain/customer-figures';
import type { CustomerFile } from '#shared/domain/customer-file';
import { matchesSegment, monthDaysOf, planOf, SegmentFilterSchema } from '#shared/domain/segments';

const customer = (overrides: Partial<CustomerFile> = {}): CustomerFile => ({
  id: 'cus_01J0000000000000000000000',
  plain: { type: 'individual', name: '张伟', tags: ['vip', 'tea'], consent: { marketingSms: true, marketingEmail: false }, address: { province: '浙江', city: '杭州' }, gender: 'male' },
  sealed: {},
  masked: {},
  stats: { ...emptyStats('CNY'), totalSpend: { amount: 12_800, currency: 'CNY' }, orderCount: 2, lastPurchaseAt: '2026-03-01T00:00:00.000Z' },
  tallies: emptyTallies(),
  tier: 'regular',
  stage: 'repeat',
  version: 1,
  createdAt: '2026-01-10T00:00:00.000Z',
  updatedAt: '2026-01-10T00:00:00.000Z',
  ...overrides,
});

const filter = (given: Record<string, unknown>) => SegmentFilterSchema.parse(given);

describe('a segment filter', () => {
  it('holds when every condition it names holds', () => {
    expect(matchesSegment(customer(), filter({ city: ['杭州', '宁波'], tags: ['vip'], tier: 'regular', minTotalSpend: 10_000, minOrderCount: 2 }))).toBe(true);
    expect(matchesSegment(customer(), filter({ city: '杭州', tags: ['vip', 'coffee'] }))).toBe(false);
    expect(matchesSegment(customer(), filter({ maxTotalSpend: 12_799 }))).toBe(false);
    expect(matchesSegment(customer(), filter({ consent: { marketingSms: false } }))).toBe(false);
  });

  it('treats windows as from-included, to-excluded, and a customer who never bought as outside any purchase window', () => {
    expect(matchesSegment(customer(), filter({ lastPurchaseAfter: '2026-03-01T00:00:00Z', lastPurchaseBefore: '2026-03-02T00:00:00Z' }))).toBe(true);
    expect(matchesSegment(customer(), filter({ lastPurchaseBefore: '2026-03-01T00:00:00Z' }))).toBe(false);
    expect(matchesSegment(customer({ stats: emptyStats('CNY') }), filter({ lastPurchaseBefore: '2027-01-01T00:00:00Z' }))).toBe(false);
  });

  it('refuses ranges that run backwards, naming the upper end', () => {
    const parsed = SegmentFilterSchema.safeParse({ minTotalSpend: 10, maxTotalSpend: 5, createdAfter: '2026-02-01T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['createdBefore', 'maxTotalSpend']);
  });
});

describe('a segment plan', () => {
  it('reads a birthday month through the birthday index, every month-day of it, 29 February included', () => {
    expect(planOf(filter({ birthdayMonth: 2, city: '杭州' }))).toEqual({ index: 'birthday', monthDays: monthDaysOf(2) });
    expect(monthDaysOf(2)).toHaveLength(29);
    expect(monthDaysOf(4).at(-1)).toBe('04-30');
  });

  it('prefers a closed last-purchase window, then a closed created window, then a spend range', () => {
    const window = { lastPurchaseAfter: '2026-01-01T00:00:00Z', lastPurchaseBefore: '2026-02-01T00:00:00Z' };
    const created = { createdAfter: '2026-01-01T00:00:00Z', createdBefore: '2026-02-01T00:00:00Z' };

    expect(planOf(filter({ ...window, ...created, minTotalSpend: 1, maxTotalSpend: 5 })).index).toBe('lastPurchase');
    expect(planOf(filter({ ...created, minTotalSpend: 1, maxTotalSpend: 5 })).index).toBe('created');
    expect(planOf(filter({ minTotalSpend: 1, maxTotalSpend: 5, lastPurchaseAfter: '2026-01-01T00:00:00Z' }))).toEqual({ index: 'spend', from: 1, to: 5 });
  });

  it('reads a spend range that takes in zero elsewhere: the spend listing holds only customers who bought', () => {
    expect(planOf(filter({ maxTotalSpend: 5 }))).toEqual({ index: 'listing' });
    expect(planOf(filter({ minTotalSpend: 0, maxTotalSpend: 5 }))).toEqual({ index: 'listing' });
    expect(planOf(filter({ minTotalSpend: 0, createdAfter: '2026-01-01T00:00:00Z' })).index).toBe('created');
  });

  it('reads only buyers for repeat-buyer filters, and the whole listing when no index narrows', () => {
    expect(planOf(filter({ minOrderCount: 2, city: '上海' }))).toMatchObject({ index: 'lastPurchase' });
    expect(planOf(filter({ tier: 'vip', tags: ['tea'] }))).toEqual({ index: 'listing' });
  });
});
