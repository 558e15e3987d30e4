import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

/**
 * Consumed capacity per request, for the benchmark. When `DOSSIER_RECORD_CAPACITY=1` every
 * DynamoDB call asks for `ReturnConsumedCapacity: TOTAL`, and the figures are added to the log of
 * the request that made the call (AsyncLocalStorage keeps concurrent local requests apart).
 */
export interface CapacityLog {
  readUnits: number;
  writeUnits: number;
  calls: { operation: string; readUnits: number; writeUnits: number }[];
}

const current = new AsyncLocalStorage<CapacityLog>();

export const newCapacityLog = (): CapacityLog => ({ readUnits: 0, writeUnits: 0, calls: [] });

export const withCapacityLog = <T>(log: CapacityLog, work: () => Promise<T>): Promise<T> => current.run(log, work);

const writes = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

const unitsOf = (operation: string, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined) => {
  const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  let readUnits = 0;
  let writeUnits = 0;
  for (const entry of list) {
    // AWS reports reads and writes apart; DynamoDB Local often only the total, which then counts
    // as the operation's kind.
    const read = entry.ReadCapacityUnits ?? 0;
    const write = entry.WriteCapacityUnits ?? 0;
    readUnits += read;
    writeUnits += write;
    if (read === 0 && write === 0 && entry.CapacityUnits) {
      if (writes.test(operation)) writeUnits += entry.CapacityUnits;
      else readUnits += entry.CapacityUnits;
    }
  }
  return { readUnits, writeUnits };
};

export const noteCapacity = (operation: string, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void => {
  const log = current.getStore();
  if (!log) return;
  const { readUnits, writeUnits } = unitsOf(operation, consumed);
  log.readUnits += readUnits;
  log.writeUnits += writeUnits;
  log.calls.push({ operation, readUnits, writeUnits });
};
