import { scopeOf } from '#shared/data/tenant-scope';
import { requireVisibleCustomer } from '#shared/services/customer-visibility';
import type { ApiMiddleware, ApiRequest } from '../api-context.ts';

/**
 * Every route about one customer (`/v1/customers/{customerId}/…`) answers 404 to an agent the
 * tenant limits to their own customers (`visibility: own`) when the customer isn't theirs —
 * reads, record writes, the timeline, merges into it — before the handler runs.
 */
export const customerVisibility = (): ApiMiddleware => {
  const customerVisibilityBefore = async (request: ApiRequest): Promise<void> => {
    const { principal, input } = request.context.state;
    const customerId = (input?.params as { customerId?: unknown } | undefined)?.customerId;
    if (!principal || typeof customerId !== 'string') return;
    await requireVisibleCustomer({ scope: scopeOf(principal), principal }, customerId);
  };
  return { before: customerVisibilityBefore };
};
