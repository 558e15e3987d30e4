import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * IAM for the per-tenant KMS keys that `KmsKeyProvider` (shared/crypto/kms-key-provider.ts) creates
 * at sign-up. The keys don't exist at deploy time, so resources are patterns and the fence is the
 * `dossier:stage` tag the provider puts on every key: a dev function can't touch a prod key in the
 * same account, and no function can create an untagged key.
 */

export const STAGE_TAG = 'dossier:stage';
export const TENANT_TAG = 'dossier:tenant';

export const tenantKeyArns = (scope: Construct): string =>
  Stack.of(scope).formatArn({ service: 'kms', resource: 'key', resourceName: '*' });

export const tenantAliasArns = (scope: Construct, stage: string): string =>
  Stack.of(scope).formatArn({ service: 'kms', resource: 'alias', resourceName: `dossier/${stage}/tenant/*` });

// cdk-nag names a wildcard resource as written in the template: tokens when the stack is
// environment-agnostic, literal region and account when `cdk synth` knows them.
const arnField = String.raw`(<AWS::[A-Za-z]+>|[^:<>]+)`;
const arnPrefix = `arn:${arnField}:kms:${arnField}:${arnField}`;
export const tenantKeyFinding = { regex: String.raw`/^Resource::${arnPrefix}:key\/\*$/g` };
export const tenantAliasFinding = (stage: string) => ({ regex: String.raw`/^Resource::${arnPrefix}:alias\/dossier\/${stage}\/tenant\/\*$/g` });

const ownStage = (stage: string) => ({ StringEquals: { [`aws:ResourceTag/${STAGE_TAG}`]: stage } });

/** Wrap and unwrap tenant data keys: what any function reading or writing personal data needs. */
export const tenantKeyUseStatements = (scope: Construct, stage: string): PolicyStatement[] => [
  new PolicyStatement({
    sid: 'UseTenantKeysOfThisStage',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: [tenantKeyArns(scope)],
    conditions: {
      ...ownStage(stage),
      // Every data key is bound to its tenant by the encryption context; refuse calls without one.
      Null: { 'kms:EncryptionContext:tenantId': 'false' },
    },
  }),
];

/** Create, alias, rotate and retire tenant keys: sign-up and tenant deletion. */
export const tenantKeyLifecycleStatements = (scope: Construct, stage: string): PolicyStatement[] => {
  // Only the two tags the provider sets, and the stage tag must name this stage: a function can't
  // create an untagged key, or tag one into another stage's reach.
  const tagsOfThisStage = {
    StringEquals: { [`aws:RequestTag/${STAGE_TAG}`]: stage },
    'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG, STAGE_TAG] },
  };
  return [
    new PolicyStatement({
      sid: 'CreateTenantKeysTaggedWithThisStage',
      actions: ['kms:CreateKey'],
      // CreateKey has no resource to name: the key doesn't exist yet.
      resources: ['*'],
      conditions: {
        ...tagsOfThisStage,
        StringEquals: { ...tagsOfThisStage.StringEquals, 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT' },
      },
    }),
    new PolicyStatement({
      sid: 'TagNewTenantKeysWithThisStage',
      // CreateKey with Tags is also authorised as TagResource.
      actions: ['kms:TagResource'],
      resources: [tenantKeyArns(scope)],
      conditions: tagsOfThisStage,
    }),
    new PolicyStatement({
      sid: 'ManageTenantKeysOfThisStage',
      // DescribeKey: a key found already pending deletion is a close done twice (KmsKeyProvider).
      actions: ['kms:EnableKeyRotation', 'kms:CreateAlias', 'kms:DeleteAlias', 'kms:ScheduleKeyDeletion', 'kms:DescribeKey'],
      resources: [tenantKeyArns(scope)],
      conditions: ownStage(stage),
    }),
    new PolicyStatement({
      sid: 'NameTenantKeysOfThisStage',
      // CreateAlias/DeleteAlias are authorised on the alias as well as on the key.
      actions: ['kms:CreateAlias', 'kms:DeleteAlias'],
      resources: [tenantAliasArns(scope, stage)],
    }),
  ];
};

/**
 * Schedule the deletion of a tenant key of this stage, and read its state (a key already pending
 * deletion is a close done twice): the `close-tenants` job, which finishes a close the API could
 * not. It can't use, create or re-enable a key.
 */
export const tenantKeyRetirementStatements = (scope: Construct, stage: string): PolicyStatement[] => [
  new PolicyStatement({
    sid: 'RetireTenantKeysOfThisStage',
    actions: ['kms:ScheduleKeyDeletion', 'kms:DescribeKey'],
    resources: [tenantKeyArns(scope)],
    conditions: ownStage(stage),
  }),
];
