/**
 * Reading the `x-dossier-capacity` header the runtime adds with DOSSIER_RECORD_CAPACITY=1.
 * DynamoDB Local answers `ReturnConsumedCapacity` with a total only; the data layer books it by
 * the operation's kind, and so does this reader, so a header from either side of that rule reads
 * the same. Reads and plain writes are metered by DynamoDB Local as AWS meters them; its figures
 * for TransactWriteItems are not (transaction-metering.ts), so the AWS view of a request replaces
 * them with the estimate made from the same transaction's items (transaction-shape.ts).
 */
export interface CallCapacity {
  operation: string;
  readUnits: number;
  writeUnits: number;
}

export interface RequestCapacity {
  calls: CallCapacity[];
  readUnits: number;
  writeUnits: number;
}

const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export const operationName = (commandName: string): string => commandName.replace(/Command$/, '');

const sum = (calls: CallCapacity[], field: 'readUnits' | 'writeUnits'): number =>
  Math.round(calls.reduce((total, call) => total + call[field], 0) * 100) / 100;

/** The request's DynamoDB calls with their units, as DynamoDB Local reported them, split read/write. */
export const parseCapacityHeader = (header: string | null): RequestCapacity => {
  if (!header) throw new Error('The answer has no x-dossier-capacity header: is DOSSIER_RECORD_CAPACITY=1 set on the runtime?');
  const parsed = JSON.parse(header) as { calls: { operation: string; readUnits: number; writeUnits: number }[] };
  const calls = parsed.calls.map((call): CallCapacity => {
    const operation = operationName(call.operation);
    const units = call.readUnits + call.writeUnits;
    return writeOperations.has(operation)
      ? { operation, readUnits: 0, writeUnits: units }
      : { operation, readUnits: units, writeUnits: 0 };
  });
  return { calls, readUnits: sum(calls, 'readUnits'), writeUnits: sum(calls, 'writeUnits') };
};

/** What AWS would bill for the same calls: each TransactWriteItems at `transactionUnits`, when known. */
export const awsBilled = (capacity: RequestCapacity, transactionUnits: number | undefined): RequestCapacity => {
  const calls = capacity.calls.map((call) =>
    call.operation === 'TransactWriteItems' && transactionUnits !== undefined ? { ...call, writeUnits: transactionUnits } : call,
  );
  return { calls, readUnits: sum(calls, 'readUnits'), writeUnits: sum(calls, 'writeUnits') };
};

/** The reads authentication makes on every request: the user (or API-key) item and the tenant's status. */
const AUTHENTICATION_READS = 2;

/**
 * Splits an authenticated request's calls into the authentication reads (the first two calls: the
 * user or API-key item and the tenant item, read together on every request so a revoked key, a
 * disabled user or a closed tenant stops at once) and the operation's own calls.
 */
export const splitAuthentication = (capacity: RequestCapacity): { authentication: RequestCapacity; operation: RequestCapacity } => {
  const authentication = capacity.calls.slice(0, AUTHENTICATION_READS);
  const rest = capacity.calls.slice(AUTHENTICATION_READS);
  if (authentication.length < AUTHENTICATION_READS || authentication.some((call) => call.operation !== 'GetItem')) {
    throw new Error(`Expected the ${AUTHENTICATION_READS} authentication GetItems first, got ${authentication.map((call) => call.operation).join(' ')}`);
  }
  return {
    authentication: { calls: authentication, readUnits: sum(authentication, 'readUnits'), writeUnits: 0 },
    operation: { calls: rest, readUnits: sum(rest, 'readUnits'), writeUnits: sum(rest, 'writeUnits') },
  };
};
