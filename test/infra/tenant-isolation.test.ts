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
    const trusts = tenantRole.Properties.AssumeRolePolicyDocument.Statement as Statement[];

    const trusted = trusts.flatMap((trust) => [(trust.Principal as { AWS: unknown }).AWS].flat()).map((principal) => JSON.stringify(principal).replace(/^.*"(FunctionRoles[A-Za-z]+?)[A-F0-9]{8}".*$/, '$1'));
    expect(trusted.sort()).toEqual(['FunctionRolesAccounts', 'FunctionRolesApi']);
    for (const trust of trusts) {
      expect(actionsOf(trust).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(trust.Condition).toEqual({
        StringLike: { 'aws:RequestTag/tenantId': 'ten_*' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenantId'] },
      });
    }
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

  it('holds nothing but the table fence: tenant keys are reached through the key policy, bound to their own tenant', () => {
    expect(tenantStatements.filter((s) => actionsOf(s).some((a) => !a.startsWith('dynamodb:')))).toEqual([]);
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

describe('least privilege of the API functions', () => {
  const roleOfFunction = new Map(
    resourcesOfType(resources, 'AWS::Lambda::Function').map(([, fn]) => [fn.Properties.FunctionName as string, JSON.stringify(fn.Properties.Role)]),
  );

  it("gives the tenant-bound API role no table access of its own: a tenant's items only through the tenant role", () => {
    const api = policyOfRole('FunctionRolesApi');

    expect(api.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))).toEqual([]);
  });

  it('gives the accounts role only the global partitions and the tenant partitions sign-up writes, never a customer collection', () => {
    const table = policyOfRole('FunctionRolesAccounts').filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));

    expect(table).toHaveLength(1);
    const leadingKeys = table[0]!.Condition!['ForAllValues:StringLike']!['dynamodb:LeadingKeys'] as string[];
    expect(leadingKeys).toEqual(['SLUG#*', 'THROTTLE#*', 'IDEM#*', 'BDAYSLOTS', 'T#*#TENANT', 'T#*#USERS', 'T#*#AUDIT', 'T#*#EVT#*']);
    expect(leadingKeys.filter((pattern) => pattern === '*' || pattern === 'T#*' || pattern.includes('#C#'))).toEqual([]);
  });

  it('runs only the sign-up, sign-in and tenant functions as the accounts role', () => {
    const accounts = [...roleOfFunction].filter(([, role]) => role.includes('FunctionRolesAccounts')).map(([name]) => name);

    expect(accounts.sort()).toEqual(['dossier-qa-api-auth', 'dossier-qa-api-tenants']);
    expect(roleOfFunction.get('dossier-qa-api-customers')).toContain('FunctionRolesApi');
  });
});

describe('per-tenant KMS keys', () => {
  const api = policyOfRole('FunctionRolesAccounts');

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

  it('never lets the workers, or the API functions outside sign-up and tenant closing, create or retire keys', () => {
    for (const role of ['FunctionRolesWorker', 'FunctionRolesMessaging', 'FunctionRolesDelivery', 'FunctionRolesApi']) {
      for (const action of ['kms:CreateKey', 'kms:ScheduleKeyDeletion', 'kms:CreateAlias']) expect(statementsAllowing(policyOfRole(role), action), `${role} ${action}`).toEqual([]);
    }
  });

  it('names only the accounts role as the manager in the key policy of new tenant keys', () => {
    const variables = resourcesOfType(resources, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties.Environment.Variables);
    const managers = new Set(variables.filter((v) => v.DOSSIER_KEY_MANAGER_ROLE_ARNS !== undefined).map((v) => JSON.stringify(v.DOSSIER_KEY_MANAGER_ROLE_ARNS)));

    expect([...managers]).toHaveLength(1);
    expect([...managers][0]).toMatch(/FunctionRolesAccounts/);
  });

  it('lets the close-tenants job retire keys of this stage, and neither use nor create one', () => {
    const closing = policyOfRole('FunctionRolesClosing');
    const [retire] = statementsAllowing(closing, 'kms:ScheduleKeyDeletion');

    expect(actionsOf(retire!).sort()).toEqual(['kms:DescribeKey', 'kms:ScheduleKeyDeletion']);
    expect(retire!.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/dossier:stage': 'qa' } });
    for (const action of ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateKey', 'kms:CancelKeyDeletion', 'kms:EnableKey', 'sts:AssumeRole', 'secretsmanager:GetSecretValue']) {
      expect(statementsAllowing(closing, action), action).toEqual([]);
    }
  });
});
