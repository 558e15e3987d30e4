import type { TestProject } from 'vitest/node';
import { acquireDynamoDbLocal, releaseDynamoDbLocal } from './shared-dynamodb.ts';

export default async function setup(project: TestProject) {
  const database = await acquireDynamoDbLocal();
  project.provide('dynamoEndpoint', database.endpoint);
  return releaseDynamoDbLocal;
}
