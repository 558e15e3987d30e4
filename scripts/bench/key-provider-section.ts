import { forEachConcurrently } from '#shared/runtime/concurrency-pool';
import { customerBody } from '#scripts/seed/customer-generator';
import { DossierClient } from '#scripts/seed/dossier-client';
import { signUpTenant } from '#scripts/seed/http-seeder';
import { callChecked, type Operation } from './operations.ts';
import { round } from './statistics.ts';

/**
 * Key-provider (KMS) calls, read from the runtime's counter (`GET /_local/stats`). Warm: a mix of
 * requests on a process whose tenant keys are already unwrapped, which must cost at most one call
 * per 1,000 requests. Cold: what a new tenant's sign-up and its first requests cost.
 */
export interface KeyProviderFigures {
  provider: string;
  warm: { requests: number; keyProviderCalls: number; callsPerThousand: number; mix: Record<string, number> };
  cold: { signUp: number; firstCustomerCreated: number; firstCustomerRevealed: number };
}

const keyProviderCalls = async (client: DossierClient): Promise<{ provider: string; calls: number }> => {
  const stats = await client.get<{ keyProvider: string; keyProviderCalls: number }>('/_local/stats');
  return { provider: stats.body.keyProvider, calls: stats.body.keyProviderCalls };
};

/** Mostly reads, as a shop's day is: weights per operation name. */
const MIX: Record<string, number> = {
  'get-customer': 35,
  'list-customers': 15,
  'find-by-phone': 15,
  'timeline-page': 10,
  'record-transaction': 10,
  'create-customer': 5,
  'get-customer-revealed': 5,
  'birthdays-today': 5,
};

export const measureKeyProvider = async (url: string, operations: Operation[], requests: number, seed: number): Promise<KeyProviderFigures> => {
  const client = new DossierClient(url);
  const schedule = Object.entries(MIX).flatMap(([name, weight]) => Array.from({ length: weight }, () => operations.find((o) => o.name === name)!));

  const before = await keyProviderCalls(client);
  await forEachConcurrently(0, requests, 4, async (index) => {
    await callChecked(schedule[index % schedule.length]!, index);
  });
  const after = await keyProviderCalls(client);
  const warmCalls = after.calls - before.calls;

  const probe = new DossierClient(url);
  const start = await keyProviderCalls(client);
  await signUpTenant(probe, { slug: `bench-kms-${Date.now().toString(36)}`, name: 'KMS probe', password: 'bench-password-123' });
  const signedUp = await keyProviderCalls(client);
  const created = await probe.post<{ id: string }>('/v1/customers', customerBody({ seed }, 0));
  const firstCreate = await keyProviderCalls(client);
  await probe.get(`/v1/customers/${created.body.id}?reveal=true`);
  const firstReveal = await keyProviderCalls(client);

  return {
    provider: after.provider,
    warm: {
      requests,
      keyProviderCalls: warmCalls,
      callsPerThousand: round((warmCalls * 1000) / requests, 3),
      mix: MIX,
    },
    cold: {
      signUp: signedUp.calls - start.calls,
      firstCustomerCreated: firstCreate.calls - signedUp.calls,
      firstCustomerRevealed: firstReveal.calls - firstCreate.calls,
    },
  };
};
