/** What the search box holds, read as the API's look-ups: a phone, an email, or a name prefix. */
export type SearchLookup = { phone: string } | { email: string } | { q: string } | Record<string, never>;

const PHONE = /^\+?[\d\s\-()]{5,}$/;

export const lookupOf = (text: string): SearchLookup => {
  const value = text.trim();
  if (!value) return {};
  if (value.includes('@')) return { email: value };
  if (PHONE.test(value)) return { phone: value };
  return { q: value };
};

export const tiers = ['vip', 'regular', 'potential'] as const;
export const stages = ['prospect', 'new', 'repeat', 'loyal', 'at_risk', 'churned'] as const;
export const sorts = ['-createdAt', 'name', '-lastPurchaseAt', '-totalSpend'] as const;
export type CustomerSort = (typeof sorts)[number];
