import { emptyTallies, settle, type Figures, type ProfileFigures } from '../customer-figures.ts';
import { emptyStats } from '../customer.ts';
import type { TenantSettings } from '../tenant.ts';
import { applyEffect, withCompanions, type RecordKindName, type RecordOf } from './record-kinds.ts';

/**
 * A customer's figures from their whole history: every record's effect (and those of the records
 * it carries: a purchase's points entry), in the order the records happened. Only merge uses this (the write path applies one record's effect at a time); it gives
 * the same figures the write path would have reached.
 */
export const recomputeFigures = <K extends RecordKindName>(
  records: RecordOf<K>[],
  settings: TenantSettings,
  currency: string,
  now: Date,
): ProfileFigures => {
  const ordered = records.flatMap((record) => withCompanions(record)).sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)));
  const counted = ordered.reduce<Figures>((figures, record) => applyEffect(figures, record), { stats: emptyStats(currency), tallies: emptyTallies() });
  return settle(counted, settings, now);
};
