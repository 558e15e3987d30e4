import { customerBody } from '#scripts/seed/customer-generator';
import { DossierClient, type DossierAnswer } from '#scripts/seed/dossier-client';
import type { OperationsTenant } from './operations-tenant.ts';

/**
 * The operations the benchmark measures, each as a client calls it over HTTP. `sample` picks
 * the customer (round robin over the seeded ones), so repeated samples do not read one item.
 */
export interface Operation {
  name: string;
  /** How the table and docs/benchmarks.md call it. */
  label: string;
  /** Authenticated requests read the user item first (reported apart from the operation's reads). */
  authenticated: boolean;
  expectedStatus: number;
  call(sample: number): Promise<DossierAnswer>;
}

export const operationsOf = (ops: OperationsTenant): Operation[] => {
  const { client, lookupClient, customers, tenant } = ops;
  const customerAt = (sample: number) => customers[sample % customers.length]!;
  const anonymous = new DossierClient(client.baseUrl);
  return [
    {
      name: 'sign-in',
      label: 'sign in (password)',
      authenticated: false,
      expectedStatus: 200,
      call: () => anonymous.call('POST', '/v1/auth/login', { tenantSlug: tenant.slug, email: tenant.email, password: tenant.password }),
    },
    {
      name: 'create-customer',
      label: 'create a customer',
      authenticated: true,
      expectedStatus: 201,
      call: () => client.call('POST', '/v1/customers', customerBody({ seed: ops.seed }, ops.nextCustomerIndex())),
    },
    {
      name: 'get-customer',
      label: 'get a customer',
      authenticated: true,
      expectedStatus: 200,
      call: (sample) => client.call('GET', `/v1/customers/${customerAt(sample).id}`),
    },
    {
      name: 'get-customer-revealed',
      label: 'get a customer, revealed',
      authenticated: true,
      expectedStatus: 200,
      call: (sample) => client.call('GET', `/v1/customers/${customerAt(sample).id}?reveal=true`),
    },
    {
      name: 'list-customers',
      label: 'list 50 customers',
      authenticated: true,
      expectedStatus: 200,
      call: () => client.call('GET', '/v1/customers?limit=50'),
    },
    {
      name: 'find-by-phone',
      label: 'look up by phone',
      authenticated: true,
      expectedStatus: 200,
      call: (sample) => lookupClient.call('GET', `/v1/customers?phone=${encodeURIComponent(customerAt(sample).phone)}`),
    },
    {
      name: 'record-transaction',
      label: 'record a transaction',
      authenticated: true,
      expectedStatus: 201,
      call: (sample) =>
        client.call('POST', `/v1/customers/${customerAt(sample).id}/transactions`, {
          occurredAt: new Date().toISOString(),
          amount: { amount: 12_800, currency: 'CNY' },
          channel: 'store',
          paymentMethod: 'wechat',
        }),
    },
    {
      name: 'timeline-page',
      label: 'timeline page (50)',
      authenticated: true,
      expectedStatus: 200,
      call: (sample) => client.call('GET', `/v1/customers/${customerAt(sample).id}/timeline`),
    },
    {
      name: 'birthdays-today',
      label: "today's birthdays (first page)",
      authenticated: true,
      expectedStatus: 200,
      call: () => client.call('GET', `/v1/customers?birthday=${ops.birthday.monthDay}`),
    },
  ];
};

/** Calls and checks the status: a benchmark of error answers would measure the wrong thing. */
export const callChecked = async (operation: Operation, sample: number): Promise<DossierAnswer> => {
  const answer = await operation.call(sample);
  if (answer.status !== operation.expectedStatus) {
    throw new Error(`${operation.name} answered ${answer.status}, expected ${operation.expectedStatus}: ${JSON.stringify(answer.body).slice(0, 400)}`);
  }
  return answer;
};
