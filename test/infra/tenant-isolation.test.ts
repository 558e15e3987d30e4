import { describe, expect, it } from 'vitest';
import { fakeManifest, resourcesOfType, synthDossier, TENANT_LEADING_KEYS } from './dossier-template.ts';

const { resources } = synthDossier({ stage: 'qa' });

type Statement = { Sid?: string; Action: string | string[]; Resource?: unknown; Condition?: Record<string, Record<string, unknown>>; Principal?: unknown };

const tenantRole = resourcesOfType(resources, 'AWS::IAM::Role').find(([id]) => id.startsWith('TenantDataAccessRole'))![1];
const tenantStatements: Statement[] = tenantRole.Properties.Policies.flatMap((p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement);
const actionsOf = (statement: Statement) => [statement.Action].flat();

const policyOfRole = (rolePrefix: string): Statement[] =>
  resourcesOfType(resources, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(rolePrefix)))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
const statementsAllowing = (statements: Statement[], action: string) => statements.filter((s) => actionsOf(s).includes(action));

describe('tenant isolation in AWS', () => {
  it('lets only the API functions assume the tenant role, and only with a tenantId session tag', () => {
    const [trust] = tenantRole.Properties.AssumeRolePolicyDocument.Statement as Statement[];

    expect(tenantRole.Properties.AssumeRolePolicyDocument.Statement).toHaveLength(1);
    expect(actionsOf(trust!).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(trust!.Principal).toEqual({ AWS: { 'Fn::GetAtt': [expect.stringMatching(/^FunctionRolesApi/), 'Arn'] } });
    expect(trust!.Condition).toEqual({
      StringLike: { 'aws:RequestTag/tenantId': 'ten_*' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenantId'] },
    });
    expect(statementsAllowing(policyOfRole('FunctionRolesApi'), 'sts:TagSession')).toHaveLength(1);
    expect(statementsAllowing(policyOfRole('FunctionRolesWorker'), 'sts:AssumeRole')).toEqual([]);
  });

  it("reaches only items whose partition key starts with T#<the session's tenant>#", () => {
    const [items] = tenantStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));

    expect(TENANT_LEADING_KEYS).toBe('T#${aws:PrincipalTag/tenantId}#*');
    expect(items!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [TENANT_LEADING_KEYS] } });
    expect(JSON.stringify(items!.Resource)).toContain('/index/*');
    expect(tenantStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))).toHaveLength(1);
  });

  it("unwraps only data keys bound to the session's tenant, under keys of this stage", () => {
    const [keys] = tenantStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));

    expect(actionsOf(keys!).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(keys!.Condition).toEqual({
      StringEquals: {
        'kms:EncryptionContext:tenantId': '${aws:PrincipalTag/tenantId}',
        'aws:ResourceTag/dossier:tenant': '${aws:PrincipalTag/tenantId}',
        'aws:ResourceTag/dossier:stage': 'qa',
      },
    });
  });

  it('tells only the API functions the tenant role ARN', () => {
    const { resources: withWorkers } = synthDossier({ stage: 'qa', manifest: fakeManifest() });
    const variables = new Map(resourcesOfType(withWorkers, 'AWS::Lambda::Function').map(([, fn]) => [fn.Properties.FunctionName, fn.Properties.Environment.Variables]));

    expect(variables.get('dossier-qa-api-platform').DOSSIER_TENANT_ROLE_ARN).toBeDefined();
    for (const worker of ['birthday-offers', 'deliver-webhooks', 'apply-followup-rules']) {
      expect(variables.get(`dossier-qa-${worker}`).DOSSIER_TENANT_ROLE_ARN, worker).toBeUndefined();
      expect(variables.get(`dossier-qa-${worker}`).DOSSIER_STAGE, worker).toBe('qa');
    }
  });
});

describe('per-tenant KMS keys', () => {
  const api = policyOfRole('FunctionRolesApi');

  it('lets sign-up create a key only if it is tagged with this stage, symmetric, for encryption', () => {
    const [create] = statementsAllowing(api, 'kms:CreateKey');

    expect(create!.Resource).toBe('*');
    expect(create!.Condition).toEqual({
      StringEquals: { 'aws:RequestTag/dossier:stage': 'qa', 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['dossier:tenant', 'dossier:stage'] },
    });
    expect(statementsAllowing(api, 'kms:TagResource')[0]!.Condition!.StringEquals).toEqual({ 'aws:RequestTag/dossier:stage': 'qa' });
  });

  it('rotates, aliases, uses and retires only keys tagged with this stage', () => {
    for (const action of ['kms:EnableKeyRotation', 'kms:GenerateDataKey', 'kms:Decrypt', 'kms:ScheduleKeyDeletion']) {
      const statements = statementsAllowing(api, action);

      expect(statements.length, action).toBeGreaterThan(0);
      for (const statement of statements) expect(statement.Condition?.StringEquals?.['aws:ResourceTag/dossier:stage'], action).toBe('qa');
    }
  });

  it("names keys only under this stage's tenant alias prefix", () => {
    const aliasStatements = statementsAllowing(api, 'kms:CreateAlias').filter((s) => JSON.stringify(s.Resource).includes(':alias/'));

    expect(aliasStatements).toHaveLength(1);
    expect(JSON.stringify(aliasStatements[0]!.Resource)).toContain(':alias/dossier/qa/tenant/*');
    expect(statementsAllowing(api, 'kms:DeleteAlias')).toHaveLength(2);
  });

  it('never lets the workers create or retire keys', () => {
    const worker = policyOfRole('FunctionRolesWorker');

    for (const action of ['kms:CreateKey', 'kms:ScheduleKeyDeletion', 'kms:CreateAlias']) expect(statementsAllowing(worker, action), action).toEqual([]);
  });
});
