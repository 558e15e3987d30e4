import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { STAGE_TAG, TENANT_TAG } from './tenant-key-policy.ts';

/**
 * IAM for tenants' usage keys (shared/usage-plans/api-gateway-usage-plans.ts): API Gateway API
 * keys created at sign-up, in the usage plan of the tenant's plan. API Gateway's IAM resources are
 * paths (`arn:…:apigateway:<region>::/apikeys/<id>`); keys are fenced by the `dossier:stage` tag
 * the adapter puts on each. Usage plans are named by a wildcard: a role naming a plan's id would
 * depend on the stage, which depends on the methods, which depend on the functions of that role
 * (a cycle) — they are found by name at run time, and only listed, joined and left here.
 */
const apiGatewayPath = (scope: Construct, path: string): string => {
  const { partition, region } = Stack.of(scope);
  return `arn:${partition}:apigateway:${region}::${path}`;
};

const keyOfThisStage = (stage: string) => ({ StringEquals: { [`aws:ResourceTag/${STAGE_TAG}`]: stage } });

/** Sign-up (the accounts role): create a tenant's key tagged with this stage, put it in its plan's usage plan, move it, remove it. */
export const usageKeyManagementStatements = (scope: Construct, stage: string): PolicyStatement[] => [
  new PolicyStatement({
    sid: 'CreateUsageKeysTaggedWithThisStage',
    actions: ['apigateway:POST'],
    resources: [apiGatewayPath(scope, '/apikeys')],
    conditions: {
      StringEquals: { [`aws:RequestTag/${STAGE_TAG}`]: stage },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG, STAGE_TAG] },
    },
  }),
  new PolicyStatement({
    sid: 'FindTheUsagePlans',
    actions: ['apigateway:GET'],
    resources: [apiGatewayPath(scope, '/usageplans')],
  }),
  new PolicyStatement({
    sid: 'PutUsageKeysInUsagePlans',
    actions: ['apigateway:POST'],
    resources: [apiGatewayPath(scope, '/usageplans/*/keys')],
  }),
  new PolicyStatement({
    sid: 'TakeUsageKeysOutOfUsagePlans',
    actions: ['apigateway:DELETE'],
    resources: [apiGatewayPath(scope, '/usageplans/*/keys/*')],
  }),
  ...usageKeyRemovalStatements(scope, stage),
];

/** A tenant's purge (the closing role), and a sign-up undone: delete a usage key of this stage. */
export const usageKeyRemovalStatements = (scope: Construct, stage: string): PolicyStatement[] => [
  new PolicyStatement({
    sid: 'DeleteUsageKeysOfThisStage',
    actions: ['apigateway:DELETE'],
    resources: [apiGatewayPath(scope, '/apikeys/*')],
    conditions: keyOfThisStage(stage),
  }),
];

// cdk-nag names a wildcard resource as written in the template (tokens, or literal values).
const arnField = String.raw`(<AWS::[A-Za-z]+>|[^:<>]+)`;
export const usageKeyFindings = [
  { regex: String.raw`/^Resource::arn:${arnField}:apigateway:${arnField}::\/apikeys\/\*$/g` },
  { regex: String.raw`/^Resource::arn:${arnField}:apigateway:${arnField}::\/usageplans\/\*\/keys(\/\*)?$/g` },
];
