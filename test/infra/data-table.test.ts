import { describe, expect, it } from 'vitest';
import { tableDefinition } from '#shared/data/table';
import { resourcesOfType, synthDossier, theResourceOfType } from './dossier-template.ts';

const { resources } = synthDossier();
const table = theResourceOfType(resources, 'AWS::DynamoDB::Table');

describe('the single table', () => {
  it('takes its key schema from the shared table definition', () => {
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
  });

  it('has exactly the GSIs of the shared definition, each with its projection', () => {
    const expected = Object.entries(tableDefinition.indexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: index.projection.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.attributes] } : { ProjectionType: index.projection.type },
    }));

    expect(table.Properties.GlobalSecondaryIndexes).toEqual(expected);
  });

  it('copies only the listing card into the customer listings, never a whole profile', () => {
    const listings = (table.Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: { ProjectionType: string; NonKeyAttributes?: string[] } }[]).filter((index) =>
      index.IndexName.startsWith('CustomersBy'),
    );

    expect(listings.map((index) => index.IndexName).sort()).toEqual(['CustomersByBirthday', 'CustomersByCreated', 'CustomersByLastPurchase', 'CustomersByName', 'CustomersBySpend']);
    for (const index of listings) {
      expect(index.Projection.ProjectionType).toBe('INCLUDE');
      expect(index.Projection.NonKeyAttributes).toContain('card');
      expect(index.Projection.NonKeyAttributes).not.toEqual(expect.arrayContaining(['sealed']));
      expect(index.Projection.NonKeyAttributes).not.toEqual(expect.arrayContaining(['lookups']));
    }
  });

  it('declares every key attribute as a string', () => {
    const keys = [...new Set([tableDefinition.partitionKey, tableDefinition.sortKey, ...Object.values(tableDefinition.indexes).flatMap((i) => [i.partitionKey, i.sortKey])])];

    expect(table.Properties.AttributeDefinitions).toEqual(expect.arrayContaining(keys.map((name) => ({ AttributeName: name, AttributeType: 'S' }))));
    expect(table.Properties.AttributeDefinitions).toHaveLength(keys.length);
  });

  it('bills on demand, streams new and old images and expires items by the ttl attribute', () => {
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
    expect(tableDefinition).toMatchObject({ ttlAttribute: 'ttl', streamView: 'NEW_AND_OLD_IMAGES' });
  });

  it('keeps the archive safe: point-in-time recovery, encryption, deletion protection, retained on stack deletion', () => {
    expect(table.Properties).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table.DeletionPolicy).toBe('Retain');
  });

  it('never lets a function Scan the table or manage it', () => {
    const policies = [
      ...resourcesOfType(resources, 'AWS::IAM::Policy').map(([, p]) => p.Properties.PolicyDocument),
      ...resourcesOfType(resources, 'AWS::IAM::Role').flatMap(([, r]) => (r.Properties.Policies ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument)),
    ];
    const actions = policies.flatMap((document) => document.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));

    expect(actions.filter((action) => action.startsWith('dynamodb:'))).not.toHaveLength(0);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((action) => /^dynamodb:(\*|CreateTable|UpdateTable|DeleteTable)$/.test(action))).toEqual([]);
  });
});
