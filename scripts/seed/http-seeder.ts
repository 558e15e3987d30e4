import { forEachConcurrently } from '#shared/runtime/concurrency-pool';
import { customerBody, historyFor, type SeedOptions } from './customer-generator.ts';
import type { DossierClient } from './dossier-client.ts';

/** What a seed run made: enough to find each customer again (by id, phone or birthday). */
export interface SeededCustomer {
  index: number;
  id: string;
  phone: string;
  birthday?: string | undefined;
  transactions: number;
  interactions: number;
}

export interface SignedUpTenant {
  id: string;
  ownerId: string;
  slug: string;
  email: string;
  password: string;
  token: string;
}

/** Signs a business up through `POST /v1/tenants`; the client keeps the owner's token. */
export const signUpTenant = async (
  client: DossierClient,
  tenant: { slug: string; name: string; password: string },
): Promise<SignedUpTenant> => {
  const email = `owner@${tenant.slug}.example.com`;
  const answer = await client.post<{ tenant: { id: string }; owner: { id: string }; token: string }>('/v1/tenants', {
    name: tenant.name,
    slug: tenant.slug,
    ownerEmail: email,
    ownerPassword: tenant.password,
    ownerName: '店长',
  });
  client.token = answer.body.token;
  return { id: answer.body.tenant.id, ownerId: answer.body.owner.id, slug: tenant.slug, email, password: tenant.password, token: answer.body.token };
};

export interface HttpSeedRun extends SeedOptions {
  /** Customer indexes [from, to) of the run. */
  from: number;
  to: number;
  concurrency: number;
  /** Also record each customer's purchases and conversations. */
  withHistory: boolean;
  now: Date;
  onProgress?: (done: number) => void;
}

/**
 * Creates customers through the API, as a client would: each customer's file, then its history
 * in the order it happened. Several customers are written at once; one customer's records are
 * written one after another (they all change the same profile).
 */
export const seedCustomersOverHttp = async (client: DossierClient, run: HttpSeedRun): Promise<SeededCustomer[]> => {
  const seeded: SeededCustomer[] = [];
  await forEachConcurrently(run.from, run.to, run.concurrency, async (index) => {
    const body = customerBody(run, index);
    const created = await client.post<{ id: string }>('/v1/customers', body);
    const id = created.body.id;
    const history = run.withHistory ? historyFor(run, index, run.now) : { transactions: [], interactions: [] };
    for (const purchase of history.transactions) await client.post(`/v1/customers/${id}/transactions`, purchase);
    for (const conversation of history.interactions) await client.post(`/v1/customers/${id}/interactions`, conversation);
    seeded.push({ index, id, phone: body.phone, birthday: body.birthday, transactions: history.transactions.length, interactions: history.interactions.length });
    run.onProgress?.(seeded.length);
  });
  return seeded.sort((a, b) => a.index - b.index);
};
