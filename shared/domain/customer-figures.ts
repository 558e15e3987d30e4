import type { Stage, Tier } from './customer.ts';
import type { CustomerStats } from './customer-view.ts';
import type { TenantSettings } from './tenant.ts';

/**
 * The derived figures of a customer and the rules that turn them into a tier and a stage. Pure:
 * the write path applies one record's effect to the profile it read, in the same transaction as
 * the record; nothing here reads a customer's history.
 */

/** Counters behind the figures that can't be kept as a plain sum (12-month windows, averages). */
export interface Tallies {
  /** Completed spend and orders per UTC month (`YYYY-MM`), the last 13 months only. */
  spendByMonth: Record<string, number>;
  ordersByMonth: Record<string, number>;
  ratingSum: number;
  ratingCount: number;
  npsPromoters: number;
  npsPassives: number;
  npsDetractors: number;
  /** Open follow-ups per assignee (staff user id): who besides the owner sees the customer under `visibility: own`. */
  openFollowupsBy?: Record<string, number>;
}

export const emptyTallies = (): Tallies => ({
  spendByMonth: {},
  ordersByMonth: {},
  ratingSum: 0,
  ratingCount: 0,
  npsPromoters: 0,
  npsPassives: 0,
  npsDetractors: 0,
});

export interface ProfileFigures {
  stats: CustomerStats;
  tallies: Tallies;
  tier: Tier;
  stage: Stage;
}

/** The counters alone, before tier and stage are judged from them. */
export type Figures = Omit<ProfileFigures, 'tier' | 'stage'>;

const DAY_MS = 24 * 3600 * 1000;

const monthOf = (iso: string): string => iso.slice(0, 7);

/** The 12 UTC months ending with `now`'s month, oldest first. */
export const last12Months = (now: Date): string[] => {
  const months: string[] = [];
  for (let back = 11; back >= 0; back -= 1) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    months.push(date.toISOString().slice(0, 7));
  }
  return months;
};

const sumOver = (byMonth: Record<string, number>, months: string[]): number =>
  months.reduce((total, month) => total + (byMonth[month] ?? 0), 0);

/** Keeps the buckets a 12-month window can still reach (13 months: this one and the 12 before). */
const pruned = (byMonth: Record<string, number>, now: Date): Record<string, number> => {
  const oldest = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1)).toISOString().slice(0, 7);
  return Object.fromEntries(Object.entries(byMonth).filter(([month]) => month >= oldest));
};

/**
 * VIP by 12-month spend or order count, regular by 12-month order count, potential otherwise
 * (thresholds from the tenant's settings).
 */
export const tierOf = (tallies: Tallies, rules: TenantSettings['tiers'], now: Date): Tier => {
  const months = last12Months(now);
  const spend = sumOver(tallies.spendByMonth, months);
  const orders = sumOver(tallies.ordersByMonth, months);
  if (spend >= rules.vipMinSpend12m || orders >= rules.vipMinOrders12m) return 'vip';
  if (orders >= rules.regularMinOrders12m) return 'regular';
  return 'potential';
};

/**
 * prospect (never bought) → new (one order) → repeat → loyal (`loyalMinOrders`); a buyer whose
 * last purchase is older than `atRiskAfterDays` is at_risk, older than `churnedAfterDays` churned.
 */
export const stageOf = (stats: CustomerStats, rules: TenantSettings['stages'], now: Date): Stage => {
  if (stats.orderCount === 0 || !stats.lastPurchaseAt) return 'prospect';
  const idleDays = (now.getTime() - Date.parse(stats.lastPurchaseAt)) / DAY_MS;
  if (idleDays > rules.churnedAfterDays) return 'churned';
  if (idleDays > rules.atRiskAfterDays) return 'at_risk';
  if (stats.orderCount >= rules.loyalMinOrders) return 'loyal';
  return stats.orderCount === 1 ? 'new' : 'repeat';
};

const later = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);
const earlier = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

/** Re-derives what follows from the counters: averages, satisfaction, NPS, tier, stage. */
export const settle = (figures: Figures, settings: TenantSettings, now: Date): ProfileFigures => {
  const { tallies } = figures;
  const npsCount = tallies.npsPromoters + tallies.npsPassives + tallies.npsDetractors;
  const stats: CustomerStats = {
    ...figures.stats,
    avgOrderValue: {
      amount: figures.stats.orderCount > 0 ? Math.round(figures.stats.totalSpend.amount / figures.stats.orderCount) : 0,
      currency: figures.stats.totalSpend.currency,
    },
    ...(tallies.ratingCount > 0 ? { satisfaction: Math.round((tallies.ratingSum / tallies.ratingCount) * 100) / 100 } : {}),
    ...(npsCount > 0 ? { nps: Math.round(((tallies.npsPromoters - tallies.npsDetractors) / npsCount) * 100) } : {}),
  };
  const settled = {
    spendByMonth: pruned(tallies.spendByMonth, now),
    ordersByMonth: pruned(tallies.ordersByMonth, now),
  };
  const nextTallies = { ...tallies, ...settled };
  return { stats, tallies: nextTallies, tier: tierOf(nextTallies, settings.tiers, now), stage: stageOf(stats, settings.stages, now) };
};

/** A completed purchase: spend, count, first/last purchase and the month's buckets. */
export const addPurchase = (figures: Figures, amount: number, occurredAt: string): Figures => {
  const month = monthOf(occurredAt);
  return {
    stats: {
      ...figures.stats,
      totalSpend: { ...figures.stats.totalSpend, amount: figures.stats.totalSpend.amount + amount },
      orderCount: figures.stats.orderCount + 1,
      firstPurchaseAt: earlier(figures.stats.firstPurchaseAt, occurredAt),
      lastPurchaseAt: later(figures.stats.lastPurchaseAt, occurredAt),
    },
    tallies: {
      ...figures.tallies,
      spendByMonth: { ...figures.tallies.spendByMonth, [month]: (figures.tallies.spendByMonth[month] ?? 0) + amount },
      ordersByMonth: { ...figures.tallies.ordersByMonth, [month]: (figures.tallies.ordersByMonth[month] ?? 0) + 1 },
    },
  };
};

/**
 * Part or all of a completed purchase taken back by a refund, in the purchase's own month (so the
 * 12-month window, and the tier judged on it, lose it where it was counted). A whole refund takes
 * the order out too; a partial one leaves it an order of what is left. The first and last purchase
 * dates stay: the customer did buy then (and the write path can't know the purchase before without
 * reading the history); `notePurchaseDates` keeps them the same when the figures are recomputed.
 */
export const takeBackPurchase = (figures: Figures, refund: { amount: number; purchasedAt: string; whole: boolean }): Figures => {
  const month = monthOf(refund.purchasedAt);
  const orders = refund.whole ? 1 : 0;
  const { spendByMonth, ordersByMonth } = figures.tallies;
  return {
    stats: {
      ...figures.stats,
      totalSpend: { ...figures.stats.totalSpend, amount: figures.stats.totalSpend.amount - refund.amount },
      orderCount: figures.stats.orderCount - orders,
    },
    tallies: {
      ...figures.tallies,
      // A month the window no longer reaches was pruned already; `settle` prunes it again.
      spendByMonth: { ...spendByMonth, [month]: (spendByMonth[month] ?? 0) - refund.amount },
      ordersByMonth: { ...ordersByMonth, [month]: (ordersByMonth[month] ?? 0) - orders },
    },
  };
};

/** A purchase that was made, whatever became of its money: its time bounds the first and last purchase. */
export const notePurchaseDates = (figures: Figures, occurredAt: string): Figures => ({
  stats: {
    ...figures.stats,
    firstPurchaseAt: earlier(figures.stats.firstPurchaseAt, occurredAt),
    lastPurchaseAt: later(figures.stats.lastPurchaseAt, occurredAt),
  },
  tallies: figures.tallies,
});

export const noteInteraction = (figures: Figures, occurredAt: string): Figures => ({
  stats: { ...figures.stats, lastInteractionAt: later(figures.stats.lastInteractionAt, occurredAt) },
  tallies: figures.tallies,
});

/** NPS buckets: 9–10 promoters, 7–8 passives, 0–6 detractors. */
export const noteFeedbackScores = (figures: Figures, scores: { rating?: number | undefined; nps?: number | undefined }): Figures => {
  const t = figures.tallies;
  const nps = scores.nps;
  return {
    stats: figures.stats,
    tallies: {
      ...t,
      ratingSum: t.ratingSum + (scores.rating ?? 0),
      ratingCount: t.ratingCount + (scores.rating === undefined ? 0 : 1),
      npsPromoters: t.npsPromoters + (nps !== undefined && nps >= 9 ? 1 : 0),
      npsPassives: t.npsPassives + (nps !== undefined && nps >= 7 && nps <= 8 ? 1 : 0),
      npsDetractors: t.npsDetractors + (nps !== undefined && nps <= 6 ? 1 : 0),
    },
  };
};

/**
 * Whether a customer's totals are still whole numbers the table keeps exactly (up to 2^53 − 1):
 * ninety of the largest purchases at a generous points rate pass that, and no write could save them.
 */
export const totalsKeepable = (stats: CustomerStats): boolean =>
  [stats.totalSpend.amount, stats.pointsBalance, stats.creditOutstanding.amount].every((total) => Number.isSafeInteger(total));

export const changeCounters = (
  figures: Figures,
  change: { points?: number; creditOutstanding?: number; overduePayments?: number },
): Figures => ({
  stats: {
    ...figures.stats,
    pointsBalance: figures.stats.pointsBalance + (change.points ?? 0),
    creditOutstanding: {
      ...figures.stats.creditOutstanding,
      amount: figures.stats.creditOutstanding.amount + (change.creditOutstanding ?? 0),
    },
    overduePayments: figures.stats.overduePayments + (change.overduePayments ?? 0),
  },
  tallies: figures.tallies,
});

/** One more (+1) or one fewer (-1) open follow-up held by `userId`; a count of 0 leaves the map. */
export const countOpenFollowup = (figures: Figures, userId: string, change: 1 | -1): Figures => {
  const held = { ...figures.tallies.openFollowupsBy };
  const count = (held[userId] ?? 0) + change;
  if (count > 0) held[userId] = count;
  else delete held[userId];
  return { ...figures, tallies: { ...figures.tallies, openFollowupsBy: held } };
};
