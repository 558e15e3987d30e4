import { describe, expect, it } from 'vitest';
import { resourcesOfType, synthDossier, theResourceOfType } from './dossier-template.ts';

const restoredTable = {
  tableName: 'dossier-prod-restored-20261129',
  streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/dossier-prod-restored-20261129/stream/2026-11-29T08:30:00.000',
};
const { resources } = synthDossier({ stage: 'prod', restoredTable });
const { resources: own } = synthDossier({ stage: 'prod' });

describe('pointing the stack at a restored table (docs/deploy.md, "Restore")', () => {
  it('uses the restored table instead of creating one, and leaves its own table to be retained', () => {
    const ownTable = theResourceOfType(own, 'AWS::DynamoDB::Table');

    expect(resourcesOfType(resources, 'AWS::DynamoDB::Table')).toEqual([]);
    expect(ownTable.DeletionPolicy).toBe('Retain');
    expect(ownTable.Properties.DeletionProtectionEnabled).toBe(true);
  });

  it('gives every function the restored table, and reads its stream', () => {
    const functions = resourcesOfType(resources, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment?.Variables?.DOSSIER_STAGE);
    const mappings = resourcesOfType(resources, 'AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping.Properties.EventSourceArn);

    expect(functions.length).toBeGreaterThan(10);
    for (const [id, fn] of functions) expect(fn.Properties.Environment.Variables.DOSSIER_TABLE, id).toBe(restoredTable.tableName);
    expect(mappings.filter((arn) => arn === restoredTable.streamArn)).toHaveLength(2);
  });

  it("grants the functions the restored table's items and indexes, and backs it up", () => {
    const policies = JSON.stringify(resourcesOfType(resources, 'AWS::IAM::Policy').map(([, policy]) => policy.Properties));
    const selection = JSON.stringify(theResourceOfType(resources, 'AWS::Backup::BackupSelection').Properties);

    expect(policies).toContain(`:table/${restoredTable.tableName}`);
    expect(policies).toContain(`:table/${restoredTable.tableName}/index/*`);
    expect(policies).not.toContain('DataTable');
    expect(selection).toContain(`:table/${restoredTable.tableName}`);
  });
});
