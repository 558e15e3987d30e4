import { startDynamoDbLocal, type DynamoDbLocal } from '#scripts/local/dynamodb-local';

/**
 * One DynamoDB Local for the whole run, shared by the integration and api suites' global setups
 * (they run in the same main process; a counter on globalThis stops it after the last one).
 */
interface Shared {
  starting?: Promise<DynamoDbLocal>;
  users: number;
}

const shared = ((globalThis as { __dossierDynamo?: Shared }).__dossierDynamo ??= { users: 0 });

export const acquireDynamoDbLocal = async (): Promise<DynamoDbLocal> => {
  shared.users += 1;
  shared.starting ??= process.env.DYNAMODB_ENDPOINT
    ? Promise.resolve({ endpoint: process.env.DYNAMODB_ENDPOINT, stop: async () => undefined })
    : startDynamoDbLocal();
  return shared.starting;
};

export const releaseDynamoDbLocal = async (): Promise<void> => {
  shared.users -= 1;
  if (shared.users > 0 || !shared.starting) return;
  const database = await shared.starting;
  shared.starting = undefined;
  await database.stop();
};
