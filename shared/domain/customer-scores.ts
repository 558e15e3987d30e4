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

/**
 * Quintile of each value by rank, 1–5, the best value always 5: `ceil(rank × 5 / n)` with rank
 * counted from 1. Equal values share the score of the highest rank among them.
 */
const quintiles = (values: number[]): number[] => {
  const sorted = [...values].sort((a, b) => a - b);
  const lastRank = new Map<number, number>();
  sorted.forEach((value, index) => lastRank.set(value, index + 1));
  return values.map((value) => Math.ceil((lastRank.get(value)! * 5) / values.length));
};

/** The segment a score puts a customer in (a common RFM naming, documented in docs/data-model.md). */
export const rfmSegment = (r: number, f: number, m: number): string => {
  if (r >= 4 && f >= 4 && m >= 4) return 'champions';
  if (r >= 3 && f >= 4) return 'loyal';
  if (r >= 4 && f <= 1) return 'new';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r <= 2 && f <= 2) return 'hibernating';
  return 'potential';
};

export const rfmScores = (customers: ScoreInput[], now: Date): Map<string, Rfm> => {
  const buyers = customers.filter((c) => c.stats.orderCount > 0 && c.stats.lastPurchaseAt);
  const recency = quintiles(buyers.map((c) => -(now.getTime() - Date.parse(c.stats.lastPurchaseAt!)) / DAY_MS));
  const frequency = quintiles(buyers.map((c) => c.stats.orderCount));
  const monetary = quintiles(buyers.map((c) => c.stats.totalSpend.amount));
  return new Map(
    buyers.map((customer, i) => {
      const [r, f, m] = [recency[i]!, frequency[i]!, monetary[i]!];
      return [customer.id, { r, f, m, segment: rfmSegment(r, f, m) }];
    }),
  );
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
