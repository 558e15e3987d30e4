import { setTimeout as sleep } from 'node:timers/promises';
import { isDossierError } from '#shared/domain/errors';

/**
 * The one retry loop above the SDK (which retries throttling and transient errors on each call).
 * A write reads what it changes, computes, and commits conditionally on the versions it read; if
 * another writer got there first (`concurrent-update`: a changed version, or a transaction DynamoDB
 * cancelled because a concurrent one held the same items) the whole read-compute-commit runs again.
 * Twenty purchases racing on one customer settle in at most twenty rounds; the bound leaves room.
 * A stale version the client named itself (`If-Match`) is its answer, not retried, unless the
 * action has no `If-Match` (`retryStale`).
 */
const MAX_ROUNDS = 60;

const backoff = (round: number): Promise<void> => sleep(Math.round(Math.random() * 15 * Math.min(round, 8)));

export const retryingRaces = async <T>(work: () => Promise<T>, options: { retryStale?: boolean } = {}): Promise<T> => {
  for (let round = 1; ; round += 1) {
    try {
      return await work();
    } catch (error) {
      const lostRace = isDossierError(error) && (error.code === 'concurrent-update' || (options.retryStale === true && error.code === 'precondition-failed'));
      if (!lostRace || round >= MAX_ROUNDS) throw error;
      await backoff(round);
    }
  }
};
