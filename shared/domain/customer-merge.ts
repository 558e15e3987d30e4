import { customerLimitErrors, type CustomerPlainFields } from './customer.ts';
import type { CustomerFile } from './customer-file.ts';
import { totalsKeepable } from './customer-figures.ts';

/**
 * What the surviving customer takes from the one merged into it: every field it lacks (the
 * survivor's own values win), tags and external ids as a union, and the merged customer's
 * sensitive values for fields the survivor has none of. Contacts come over only if the survivor
 * has none (their sensitive paths are indexed by position).
 */
export const adoptMissing = (target: CustomerFile, source: CustomerFile): { plain: CustomerPlainFields; adoptedPaths: string[] } => {
  const plain: Record<string, unknown> = { ...target.plain };
  for (const [key, value] of Object.entries(source.plain)) {
    if (value === undefined) continue;
    const current = plain[key];
    if (current === undefined) plain[key] = value;
    else if (key === 'tags') plain.tags = [...new Set([...(current as string[]), ...(value as string[])])].slice(0, 50);
    else if (key === 'externalIds' || key === 'customFields' || key === 'address' || key === 'company' || key === 'preferences') {
      plain[key] = { ...(value as Record<string, unknown>), ...(current as Record<string, unknown>) };
    }
  }
  const targetHasContacts = (target.plain.contacts?.length ?? 0) > 0;
  const adoptedPaths = Object.keys(source.sealed).filter((path) =>
    path.startsWith('contacts.') ? !targetHasContacts : target.sealed[path] === undefined,
  );
  if (targetHasContacts) plain.contacts = target.plain.contacts;
  return { plain: plain as CustomerPlainFields, adoptedPaths };
};

/**
 * What would be over a limit if `source` were merged into `target` (their external ids and custom
 * fields together): a merge that can't keep everything is refused before it starts, not trimmed.
 */
export const mergeLimitErrors = (target: CustomerFile, source: CustomerFile) => customerLimitErrors(adoptMissing(target, source).plain);

/**
 * Whether the survivor's totals (its own plus the merged customer's spend, points and credit) are
 * still numbers the table keeps exactly: a merge past them is refused before it starts.
 */
export const mergedTotalsKeepable = (target: CustomerFile, source: CustomerFile): boolean =>
  totalsKeepable({
    ...target.stats,
    totalSpend: { ...target.stats.totalSpend, amount: target.stats.totalSpend.amount + source.stats.totalSpend.amount },
    pointsBalance: target.stats.pointsBalance + source.stats.pointsBalance,
    creditOutstanding: { ...target.stats.creditOutstanding, amount: target.stats.creditOutstanding.amount + source.stats.creditOutstanding.amount },
  });
