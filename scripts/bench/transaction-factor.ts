import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

/**
 * How this DynamoDB Local reports a transactional write relative to the same plain write. AWS
 * bills a transactional write at two units per 1 KB where a plain write costs one; older DynamoDB
 * Local releases reported one, newer ones report two. The answer decides whether the benchmark's
 * AWS figures double the transactional units (see capacity-header.ts).
 */
export const measureTransactionFactor = async (endpoint: string, tableName: string): Promise<number> => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const key = (name: string) => ({ PK: `BENCH#calibration#${name}`, SK: 'BENCH' });
  const unitsOf = (consumed: ConsumedCapacity | ConsumedCapacity[] | undefined) =>
    (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((total, entry) => total + (entry.CapacityUnits ?? 0), 0);
  try {
    const plain = await client.send(new PutCommand({ TableName: tableName, Item: { ...key('plain'), note: 'x' }, ReturnConsumedCapacity: 'TOTAL' }));
    const transactional = await client.send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: { ...key('transaction'), note: 'x' } } }], ReturnConsumedCapacity: 'TOTAL' }),
    );
    await Promise.all(['plain', 'transaction'].map((name) => client.send(new DeleteCommand({ TableName: tableName, Key: key(name) }))));
    return unitsOf(transactional.ConsumedCapacity) / unitsOf(plain.ConsumedCapacity);
  } finally {
    client.destroy();
  }
};
