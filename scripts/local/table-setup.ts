import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, tableDefinition } from '#shared/data/table';
import { config } from '#shared/runtime/config';

/** Creates the table from the shared definition if it is missing (idempotent), with TTL on. */
export const ensureTable = async (endpoint: string, tableName: string): Promise<'created' | 'existing'> => {
  const client = new DynamoDBClient({
    endpoint,
    region: config().region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return 'existing';
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    }
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Two processes racing to create the same table: the other one won, which is fine.
      if ((error as Error).name !== 'ResourceInUseException') throw error;
      return 'existing';
    }
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      }),
    );
    return 'created';
  } finally {
    client.destroy();
  }
};
