import { useQuery } from '@tanstack/react-query';
import { answer, api, type Schemas } from '#web/api/client.ts';

/** A customer as read: masked, or revealed for those permitted. */
export type CustomerView = Schemas['Customer'] | Schemas['RevealedCustomer'];

/** One customer, masked — or revealed (audited) when a permitted user asks. */
export const useCustomer = (customerId: string, reveal: boolean) =>
  useQuery({
    queryKey: ['customer', customerId, reveal ? 'revealed' : 'masked'],
    queryFn: () => answer(api.GET('/v1/customers/{customerId}', { params: { path: { customerId }, query: reveal ? { reveal: 'true' } : {} } })),
  });

/** Everything that shows a customer's figures or records, to refresh after a change. */
export const customerKeys = (customerId: string) => [['customer', customerId], ['timeline', customerId], ['coupons', customerId], ['customers']];
