import { Stack } from 'aws-cdk-lib';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type DataTable, itemActions, tableIndexFinding } from './data-table.ts';

/**
 * The partitions the accounts role reaches with its own credentials, and why: sign-up writes the
 * new tenant's first items (tenant, keyring, owner, audit, event) in one transaction with its slug
 * guard, before any tenant session exists; sign-in reads the slug and its throttle; public POSTs
 * keep their idempotency answers under `IDEM#`; settings move a tenant between birthday send slots
 * in one transaction with its tenant item; closing frees the slug. No customer collection
 * (`T#<tid>#C#…`) or any other tenant partition is among them.
 */
export const ACCOUNT_LEADING_KEYS = ['SLUG#*', 'THROTTLE#*', 'IDEM#*', 'BDAYSLOTS', 'T#*#TENANT', 'T#*#USERS', 'T#*#AUDIT', 'T#*#EVT#*'] as const;
import { usageKeyFindings, usageKeyManagementStatements, usageKeyRemovalStatements } from './usage-key-policy.ts';
import { tenantAliasFinding, tenantKeyFinding, tenantKeyLifecycleStatements, tenantKeyRetirementStatements, tenantKeyUseStatements } from './tenant-key-policy.ts';

export interface FunctionRolesProps {
  stage: string;
  table: DataTable;
  serviceSecret: ISecret;
  /** The SES identity (a verified domain or address) the messaging role may send email from. */
  emailIdentity: string;
}

/**
 * Two execution roles instead of one per function. Every API function needs the same grants (the
 * manifest carries no per-route IAM), and one role is one principal for the tenant role's trust
 * policy, which a list of 70 function roles would overflow. Jobs and consumers get their own role:
 * they never create or retire tenant keys and never assume the tenant role.
 */
export class FunctionRoles extends Construct {
  /** The API functions that act for one signed-in tenant: table access only through the tenant role. */
  readonly api: Role;
  /**
   * Sign-up, sign-in and the tenant itself (the `tenants` and `auth` areas): what runs before a
   * tenant is known or writes the global items beside a tenant's (ACCOUNT_LEADING_KEYS), and the
   * only role that creates tenant keys or schedules their deletion.
   */
  readonly accounts: Role;
  readonly worker: Role;
  /** The jobs that write to customers: a worker that may also send email (SES) and SMS (SNS). */
  readonly messaging: Role;
  /** The functions that call out to tenants' webhook endpoints: the table and tenant keys, nothing else. */
  readonly delivery: Role;
  /**
   * The `close-tenants` job: the table, and scheduling the deletion of a tenant key of this stage
   * (a close the API could not finish). It never uses a tenant key, so it is no key user.
   */
  readonly closing: Role;

  constructor(scope: Construct, id: string, props: FunctionRolesProps) {
    super(scope, id);
    const { stage, table, serviceSecret, emailIdentity } = props;

    this.api = this.executionRole('Api', `Dossier ${stage} API functions (a tenant's data through the tenant role only)`);
    this.accounts = this.executionRole('Accounts', `Dossier ${stage} sign-up, sign-in and tenant functions`);
    this.worker = this.executionRole('Worker', `Dossier ${stage} scheduled jobs and event consumers`);
    this.messaging = this.executionRole('Messaging', `Dossier ${stage} jobs that send customers email and SMS`);
    this.delivery = this.executionRole('Delivery', `Dossier ${stage} webhook delivery (table and tenant keys only)`);
    this.closing = this.executionRole('Closing', `Dossier ${stage} finishing closed tenants (table, tenant key deletion only)`);

    for (const role of this.all()) {
      for (const statement of tenantKeyUseStatements(this, stage)) role.addToPrincipalPolicy(statement);
    }
    // The API role has no table access of its own: every call it makes for a tenant goes through
    // the tenant role (LeadingKeys). The workers walk every tenant (jobs, consumers) by design.
    for (const role of [this.worker, this.messaging, this.delivery, this.closing]) table.grantItemAccess(role);
    this.accounts.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'GlobalItemsAndNewTenants',
        actions: [...itemActions],
        resources: table.resourceArns,
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...ACCOUNT_LEADING_KEYS] } },
      }),
    );
    for (const role of [this.api, this.accounts, this.worker, this.messaging]) serviceSecret.grantRead(role);
    for (const statement of tenantKeyLifecycleStatements(this, stage)) this.accounts.addToPrincipalPolicy(statement);
    for (const statement of tenantKeyRetirementStatements(this, stage)) this.closing.addToPrincipalPolicy(statement);
    // Tenants' usage keys (their plan's throttle): sign-up manages them, a tenant's purge deletes its own.
    for (const statement of usageKeyManagementStatements(this, stage)) this.accounts.addToPrincipalPolicy(statement);
    for (const statement of usageKeyRemovalStatements(this, stage)) this.closing.addToPrincipalPolicy(statement);
    const { partition, region, account } = Stack.of(this);
    this.messaging.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:SendEmail'], resources: [`arn:${partition}:ses:${region}:${account}:identity/${emailIdentity}`] }),
    );
    // SMS go straight to a phone number, which has no ARN: Publish cannot be narrowed by resource,
    // so it is fenced to SMS by refusing every topic and endpoint ARN.
    this.messaging.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.messaging.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${partition}:sns:*:*:*`] }));

    NagSuppressions.addResourceSuppressions(
      [...this.all(), this.closing],
      [
        {
          id: 'AwsSolutions-IAM4',
          reason: 'AWSLambdaBasicExecutionRole only lets the functions write their own CloudWatch logs; an inline copy would have to list every function log group and outgrow the inline policy limit as routes are added.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: "Wildcards are scoped: table/index/* covers the GSIs of the one table; X-Ray segments have no resource ARN; tenant keys are created at sign-up so they are matched by key/* plus the dossier:stage tag condition, and aliases by alias/dossier/<stage>/tenant/*; kms:CreateKey has no resource and is fenced by request-tag, key-spec and key-usage conditions; tenants' usage keys (API Gateway API keys) are created at sign-up, so apikeys/* is fenced by the dossier:stage resource tag, and usageplans/*/keys names the usage plans by wildcard because naming their ids would make the functions depend on the API stage that depends on them (a cycle).",
          appliesTo: [
            tableIndexFinding,
            'Resource::*',
            `Resource::arn:<AWS::Partition>:sns:*:*:*`,
            tenantKeyFinding,
            tenantAliasFinding(stage),
            ...usageKeyFindings,
          ],
        },
      ],
      true,
    );
  }

  /** Every execution role that uses tenant keys: each may use the table and the keys (their key policies name them). */
  all(): Role[] {
    return [this.api, this.accounts, this.worker, this.messaging, this.delivery];
  }

  private executionRole(id: string, description: string): Role {
    return new Role(this, id, {
      description,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
  }
}
