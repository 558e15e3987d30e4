import type { CustomerStats, Rfm } from './customer-view.ts';
import type { Money } from './values.ts';

/**
 * RFM and lifetime value, judged nightly across a tenant's buyers. Scores are quintiles within
 * the tenant (5 = best): recency by days since the last purchase (fewer is better), frequency by
 * order count, monetary by total spend. Customers who never bought get no score.
 */
export interface ScoreInput {
  id: string;
  stats: CustomerStats;
}

const DAY_MS = 24 * 3600 * 1000;

/** The segment a score puts a customer in (a common RFM naming, documented in docs/data-model.md). */
export const rfmSegment = (r: number, f: number, m: number): string => {
  if (r >= 4 && f >= 4 && m >= 4) return 'champions';
  if (r >= 3 && f >= 4) return 'loyal';
  if (r >= 4 && f <= 1) return 'new';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r <= 2 && f <= 2) return 'hibernating';
  return 'potential';
};

/**
 * How a tenant's buyers are spread on each RFM dimension: for each "goodness" value (higher is
 * better), how many buyers have it. Recency is in whole days (fewer is better, so its goodness is
 * minus the days), frequency the order count, monetary the total spend in 1 % steps. Histograms
 * add up chunk by chunk, so a tenant of a million customers is measured in pieces and each buyer
 * then scored against the whole tenant.
 */
export interface RfmHistogram {
  buyers: number;
  r: Record<string, number>;
  f: Record<string, number>;
  m: Record<string, number>;
}

export const emptyHistogram = (): RfmHistogram => ({ buyers: 0, r: {}, f: {}, m: {} });

// 1 % steps: two spends within 1 % of each other rank alike; the histogram stays a few thousand entries.
const SPEND_STEP = Math.log(1.01);

const goodnessOf = (stats: CustomerStats, now: Date): { r: number; f: number; m: number } | undefined => {
  if (stats.orderCount === 0 || !stats.lastPurchaseAt) return undefined;
  const days = Math.min(3650, Math.floor((now.getTime() - Date.parse(stats.lastPurchaseAt)) / DAY_MS));
  const spend = stats.totalSpend.amount;
  return { r: -days, f: Math.min(stats.orderCount, 100_000), m: spend > 0 ? Math.floor(Math.log(spend) / SPEND_STEP) : -1 };
};

const bump = (counts: Record<string, number>, value: number) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 });

/** The histogram with one more customer counted (customers who never bought are not). */
export const countInHistogram = (histogram: RfmHistogram, stats: CustomerStats, now: Date): RfmHistogram => {
  const goodness = goodnessOf(stats, now);
  if (!goodness) return histogram;
  return { buyers: histogram.buyers + 1, r: bump(histogram.r, goodness.r), f: bump(histogram.f, goodness.f), m: bump(histogram.m, goodness.m) };
};

/** For each goodness value, how many buyers are at or below it: a buyer's rank, ties sharing the highest. */
const ranksOf = (counts: Record<string, number>): Map<number, number> => {
  const ranks = new Map<number, number>();
  let below = 0;
  for (const value of Object.keys(counts).map(Number).sort((a, b) => a - b)) ranks.set(value, (below += counts[value]!));
  return ranks;
};

/**
 * Scores buyers against a tenant's histogram: the quintile of each dimension by rank, 1–5, the
 * best always 5 (`ceil(rank × 5 / buyers)`, rank counted from 1, ties sharing the highest rank).
 */
export const rfmScorerOf = (histogram: RfmHistogram, now: Date) => {
  const ranks = { r: ranksOf(histogram.r), f: ranksOf(histogram.f), m: ranksOf(histogram.m) };
  const quintile = (dimension: 'r' | 'f' | 'm', value: number) => Math.max(1, Math.ceil(((ranks[dimension].get(value) ?? 0) * 5) / Math.max(1, histogram.buyers)));
  return (stats: CustomerStats): Rfm | undefined => {
    const goodness = goodnessOf(stats, now);
    if (!goodness) return undefined;
    const [r, f, m] = [quintile('r', goodness.r), quintile('f', goodness.f), quintile('m', goodness.m)];
    return { r, f, m, segment: rfmSegment(r, f, m) };
  };
};

/** Every customer's RFM within one group of customers (a tenant that fits in one chunk, a test). */
export const rfmScores = (customers: ScoreInput[], now: Date): Map<string, Rfm> => {
  const score = rfmScorerOf(customers.reduce((histogram, customer) => countInHistogram(histogram, customer.stats, now), emptyHistogram()), now);
  return new Map(customers.flatMap((customer) => {
    const rfm = score(customer.stats);
    return rfm ? [[customer.id, rfm] as const] : [];
  }));
};

/** Years a customer is expected to keep buying, for the CLV estimate. */
const CLV_HORIZON_YEARS = 3;

/**
 * A simple lifetime-value estimate: average order value × orders per year (over the time since
 * the first purchase, at least one year) × a three-year horizon. None for customers who never bought.
 */
export const clvOf = (stats: CustomerStats, now: Date): Money | undefined => {
  if (stats.orderCount === 0 || !stats.firstPurchaseAt) return undefined;
  const years = Math.max(1, (now.getTime() - Date.parse(stats.firstPurchaseAt)) / (365 * DAY_MS));
  const perYear = stats.orderCount / years;
  return { amount: Math.round(stats.avgOrderValue.amount * perYear * CLV_HORIZON_YEARS), currency: stats.avgOrderValue.currency };
};
