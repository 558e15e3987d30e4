import { describe, expect, it } from 'vitest';
import { workEventTypes } from '#shared/domain/events';
import { resourcesOfType, synthDossier, theResourceOfType } from './dossier-template.ts';

// What issue 13 added to the stack: the exports bucket, the report roll-up on the table stream,
// and the consumer of the system's own work.
const { resources } = synthDossier();
const fn = (name: string) => resourcesOfType(resources, 'AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === `dossier-dev-${name}`)!;
const mappingOf = (name: string) => resourcesOfType(resources, 'AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties.FunctionName.Ref === fn(name)[0])![1].Properties;
const policyDocuments = () => resourcesOfType(resources, 'AWS::IAM::Policy').map(([, p]) => p.Properties);

describe('the exports bucket', () => {
  const bucket = theResourceOfType(resources, 'AWS::S3::Bucket');

  it('is private, encrypted, refuses plain HTTP and forgets exports after two days', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ Prefix: 'exports/', ExpirationInDays: 2, Status: 'Enabled' })]);
    const policy = JSON.stringify(theResourceOfType(resources, 'AWS::S3::BucketPolicy').Properties.PolicyDocument);
    expect(policy).toContain('"aws:SecureTransport":"false"');
  });

  it('is named to every function, written by the workers and read (to sign links) by the API functions only', () => {
    expect(fn('api-exports')[1].Properties.Environment.Variables.DOSSIER_FILES_BUCKET).toEqual({ Ref: expect.stringMatching(/^Files/) });
    const statements = policyDocuments().flatMap((p) => p.PolicyDocument.Statement.map((s: any) => ({ roles: p.Roles, ...s })));
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3.map((s) => s.Action).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(s3.every((s) => JSON.stringify(s.Resource).includes('/exports/*'))).toBe(true);
  });
});

describe('the report roll-up', () => {
  it("reads profiles and purchase and feedback records off the table's stream: puts and changes by their new image, removals by their old", () => {
    const mapping = mappingOf('roll-up-reports');
    const patterns = mapping.FilterCriteria.Filters.map((filter: { Pattern: string }) => JSON.parse(filter.Pattern));

    expect(patterns).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['customer'] } } } },
      { eventName: ['REMOVE'], dynamodb: { OldImage: { entity: { S: ['customer'] } } } },
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['record'] }, kind: { S: ['transactions', 'feedback'] } } } },
      { eventName: ['REMOVE'], dynamodb: { OldImage: { entity: { S: ['record'] }, kind: { S: ['transactions', 'feedback'] } } } },
    ]);
  });

  it('takes its batches whole (no bisection, no partial responses), so a retry hands it the same records', () => {
    const mapping = mappingOf('roll-up-reports');

    expect(mapping).toMatchObject({ BatchSize: 1000, MaximumBatchingWindowInSeconds: 10, BisectBatchOnFunctionError: false });
    expect(mapping.FunctionResponseTypes ?? []).toEqual([]);
  });
});

describe('the background work', () => {
  it('reaches run-background-work through a queue with a dead-letter queue, and no webhook', () => {
    const mapping = mappingOf('run-background-work');
    const queueId = mapping.EventSourceArn['Fn::GetAtt'][0];
    const rules = resourcesOfType(resources, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);
    const rule = rules.find((r) => r.Targets?.some((t: { Arn: { 'Fn::GetAtt'?: string[] } }) => t.Arn['Fn::GetAtt']?.[0] === queueId))!;
    const webhooks = rules.find((r) => r.Description?.startsWith('deliver-webhooks'))!;

    expect(rule.EventPattern['detail-type']).toEqual([...workEventTypes]);
    expect(resources[queueId]!.Properties.RedrivePolicy.deadLetterTargetArn).toBeDefined();
    expect(fn('run-background-work')[1].Properties).toMatchObject({ Timeout: 900, MemorySize: 1536 });
    expect(webhooks.EventPattern['detail-type'].some((type: string) => (workEventTypes as readonly string[]).includes(type))).toBe(false);
  });
});
