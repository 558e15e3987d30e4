import type { TenantTerms } from '../tenant.ts';
import { MoneySchema } from '../values.ts';

/** Money in the tenant's own currency (figures are sums, so one currency per tenant). */
export const tenantMoneySchemaFor = (terms: TenantTerms, options: { positive?: boolean } = {}) =>
  MoneySchema.superRefine((money, ctx) => {
    if (money.currency !== terms.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: `Must be ${terms.currency}, the tenant's currency` });
    if (options.positive && money.amount <= 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Must be greater than 0' });
    else if (money.amount < 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Must not be negative' });
  });
