import type { CreateTableCommandInput, Projection } from '@aws-sdk/client-dynamodb';

/** What an index copies of an item: everything, or its keys and the named attributes. */
export type IndexProjection = { type: 'ALL' } | { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] };

/**
 * The attributes the customer listings copy (docs/data-model.md, "What a listing copies"): the
 * listing card — what a list shows and filters on, and what the jobs walking a listing read —
 * which a purchase does not change, so a purchase rewrites no listing but the two whose sort key
 * it moves.
 */
const CARD: IndexProjection = { type: 'INCLUDE', attributes: ['card', 'followers'] };

/**
 * The single table, declared once. The CDK stack, the local runtime and the tests all build the
 * table from this declaration, so the key schema can't drift between them.
 */
export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /**
   * GSI1–GSI3 and GSI5 are overloaded (records, tenants, due work: which entity uses which is
   * listed in docs/data-model.md) and copy whole items, since their lists answer whole records.
   * The customer listings have indexes of their own that copy only the listing card: a profile is
   * 2 KB, its card a tenth of that, and every profile write used to copy the profile five times.
   */
  indexes: {
    GSI1: { partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: { type: 'ALL' } },
    GSI2: { partitionKey: 'GSI2PK', sortKey: 'GSI2SK', projection: { type: 'ALL' } },
    GSI3: { partitionKey: 'GSI3PK', sortKey: 'GSI3SK', projection: { type: 'ALL' } },
    // Contacts' phones and emails: a look-up needs only the customer id, which is the sort key.
    GSI4: { partitionKey: 'GSI4PK', sortKey: 'GSI4SK', projection: { type: 'KEYS_ONLY' } },
    GSI5: { partitionKey: 'GSI5PK', sortKey: 'GSI5SK', projection: { type: 'ALL' } },
    CustomersByName: { partitionKey: 'LISTPK', sortKey: 'BYNAME', projection: CARD },
    CustomersByCreated: { partitionKey: 'LISTPK', sortKey: 'id', projection: CARD },
    CustomersBySpend: { partitionKey: 'LISTPK', sortKey: 'BYSPEND', projection: CARD },
    CustomersByBirthday: { partitionKey: 'BDAYPK', sortKey: 'id', projection: CARD },
    // A purchase moves this entry anyway (its sort key changes), so it also carries the figures
    // the nightly refresh judges: the job walks it and reads no profile.
    CustomersByLastPurchase: {
      partitionKey: 'LISTPK',
      sortKey: 'BYLAST',
      projection: { type: 'INCLUDE', attributes: ['card', 'followers', 'version', 'stats', 'tallies', 'rfm', 'clv'] },
    },
  },
  ttlAttribute: 'ttl',
  streamView: 'NEW_AND_OLD_IMAGES',
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  indexes: Record<string, { partitionKey: string; sortKey: string; projection: IndexProjection }>;
  ttlAttribute: string;
  streamView: string;
};

export type IndexName = keyof typeof tableDefinition.indexes;

/** Every attribute that is a key of the table or of an index, once. */
export const keyAttributes = (): string[] => {
  const { partitionKey, sortKey, indexes } = tableDefinition;
  return [...new Set([partitionKey, sortKey, ...Object.values(indexes).flatMap((index) => [index.partitionKey, index.sortKey])])];
};

const projectionOf = (projection: IndexProjection): Projection =>
  projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] } : { ProjectionType: projection.type };

/** The CreateTable request for DynamoDB Local (on-demand, streams on, each GSI with its projection). */
export const createTableInput = (tableName: string): CreateTableCommandInput => {
  const { partitionKey, sortKey, indexes } = tableDefinition;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.entries(indexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: projectionOf(index.projection),
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamView },
  };
};
