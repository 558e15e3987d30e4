import type { Translate } from '#web/i18n/language.tsx';
import { stages, tiers } from '#web/screens/customer-query.ts';

/** The facets the reports break customers down by (GET /v1/reports/pivot `rows`, `columns`). */
export const facets = ['tier', 'stage', 'gender', 'ageBand', 'province', 'city', 'source', 'tag'] as const;
export type Facet = (typeof facets)[number];

const genders = ['male', 'female', 'other', 'unknown'] as const;
const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/**
 * A facet's value as staff read it: a tier, stage or gender in the console's language, a place
 * or tag as written, and `null` (customers without one) as "not given".
 */
export const facetValueLabel = (facet: Facet, value: string | null, t: Translate): string => {
  if (value === null) return t('reports.notGiven');
  if (facet === 'tier' && isOneOf(tiers, value)) return t(`tier.${value}`);
  if (facet === 'stage' && isOneOf(stages, value)) return t(`stage.${value}`);
  if (facet === 'gender' && isOneOf(genders, value)) return t(`customer.gender.${value}`);
  return value;
};
