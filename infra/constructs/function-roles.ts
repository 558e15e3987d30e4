import { Stack } from 'aws-cdk-lib';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type DataTable, tableIndexFinding } from './data-table.ts';
import { tenantAliasFinding, tenantKeyFinding, tenantKeyLifecycleStatements, tenantKeyUseStatements } from './tenant-key-policy.ts';

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
  readonly api: Role;
  readonly worker: Role;
  /** The jobs that write to customers: a worker that may also send email (SES) and SMS (SNS). */
  readonly messaging: Role;
  /** The functions that call out to tenants' webhook endpoints: the table and tenant keys, nothing else. */
  readonly delivery: Role;

  constructor(scope: Construct, id: string, props: FunctionRolesProps) {
    super(scope, id);
    const { stage, table, serviceSecret, emailIdentity } = props;

    this.api = this.executionRole('Api', `Dossier ${stage} API functions`);
    this.worker = this.executionRole('Worker', `Dossier ${stage} scheduled jobs and event consumers`);
    this.messaging = this.executionRole('Messaging', `Dossier ${stage} jobs that send customers email and SMS`);
    this.delivery = this.executionRole('Delivery', `Dossier ${stage} webhook delivery (table and tenant keys only)`);

    for (const role of this.all()) {
      table.grantItemAccess(role);
      for (const statement of tenantKeyUseStatements(this, stage)) role.addToPrincipalPolicy(statement);
    }
    for (const role of [this.api, this.worker, this.messaging]) serviceSecret.grantRead(role);
    for (const statement of tenantKeyLifecycleStatements(this, stage)) this.api.addToPrincipalPolicy(statement);
    const { partition, region, account } = Stack.of(this);
    this.messaging.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:SendEmail'], resources: [`arn:${partition}:ses:${region}:${account}:identity/${emailIdentity}`] }),
    );
    // SMS go straight to a phone number, which has no ARN: Publish cannot be narrowed by resource,
    // so it is fenced to SMS by refusing every topic and endpoint ARN.
    this.messaging.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.messaging.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${partition}:sns:*:*:*`] }));

    NagSuppressions.addResourceSuppressions(
      this.all(),
      [
        {
          id: 'AwsSolutions-IAM4',
          reason: 'AWSLambdaBasicExecutionRole only lets the functions write their own CloudWatch logs; an inline copy would have to list every function log group and outgrow the inline policy limit as routes are added.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Wildcards are scoped: table/index/* covers the GSIs of the one table; X-Ray segments have no resource ARN; tenant keys are created at sign-up so they are matched by key/* plus the dossier:stage tag condition, and aliases by alias/dossier/<stage>/tenant/*; kms:CreateKey has no resource and is fenced by request-tag, key-spec and key-usage conditions.',
          appliesTo: [
            tableIndexFinding,
            'Resource::*',
            `Resource::arn:<AWS::Partition>:sns:*:*:*`,
            tenantKeyFinding,
            tenantAliasFinding(stage),
          ],
        },
      ],
      true,
    );
  }

  /** Every execution role: each may use the table and the tenant keys (their key policies name them). */
  all(): Role[] {
    return [this.api, this.worker, this.messaging, this.delivery];
  }

  private executionRole(id: string, description: string): Role {
    return new Role(this, id, {
      description,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
  }
}
