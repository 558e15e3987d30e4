import { Duration } from 'aws-cdk-lib';
import { type IRole, PolicyDocument, PolicyStatement, PrincipalWithConditions, Role, SessionTagsPrincipal } from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type DataTable, itemActions, tableIndexFinding } from './data-table.ts';
import { STAGE_TAG, TENANT_TAG, tenantKeyArns, tenantKeyFinding } from './tenant-key-policy.ts';

export interface TenantDataAccessProps {
  stage: string;
  table: DataTable;
  /** The execution role allowed to assume the tenant role, each time for one tenant. */
  trustedRole: IRole;
}

/** The session tag that carries the caller's tenant into IAM policy variables. */
export const TENANT_SESSION_TAG = 'tenantId';

/** Every tenant-owned partition key, table or index, starts with `T#<tenantId>#` (DESIGN.md). */
export const TENANT_LEADING_KEYS = `T#\${aws:PrincipalTag/${TENANT_SESSION_TAG}}#*`;

/**
 * The role the API functions assume, per request, with the session tag `tenantId` = the
 * authenticated principal's tenant. Its DynamoDB permissions only match items whose partition key
 * (or index partition key) starts with that tenant's prefix, and its KMS permissions only wrap or
 * unwrap data keys whose encryption context names that tenant. A bug that builds another tenant's
 * key gets AccessDenied from AWS, not another tenant's data.
 */
export class TenantDataAccess extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TenantDataAccessProps) {
    super(scope, id);
    const { stage, table, trustedRole } = props;

    // sts:TagSession must be allowed for the tag to be passed at all; the conditions make the tag
    // mandatory, let no other tag through, and insist on a tenant id's shape.
    const trustedForOneTenant = new SessionTagsPrincipal(
      new PrincipalWithConditions(trustedRole, {
        StringLike: { [`aws:RequestTag/${TENANT_SESSION_TAG}`]: 'ten_*' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_SESSION_TAG] },
      }),
    );

    this.role = new Role(this, 'Role', {
      description: `Dossier ${stage}: one tenant's items and keys, chosen by the session tag ${TENANT_SESSION_TAG}`,
      assumedBy: trustedForOneTenant,
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        TenantItems: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'OnlyThisTenantsPartitions',
              actions: [...itemActions],
              resources: table.resourceArns,
              conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [TENANT_LEADING_KEYS] } },
            }),
            new PolicyStatement({
              sid: 'OnlyThisTenantsDataKeys',
              actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
              resources: [tenantKeyArns(this)],
              conditions: {
                StringEquals: {
                  'kms:EncryptionContext:tenantId': `\${aws:PrincipalTag/${TENANT_SESSION_TAG}}`,
                  [`aws:ResourceTag/${TENANT_TAG}`]: `\${aws:PrincipalTag/${TENANT_SESSION_TAG}}`,
                  [`aws:ResourceTag/${STAGE_TAG}`]: stage,
                },
              },
            }),
          ],
        }),
      },
    });
    this.role.grant(trustedRole, 'sts:AssumeRole', 'sts:TagSession');

    NagSuppressions.addResourceSuppressions(this.role, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'The wildcards are the tenant fence itself: table/index/* is narrowed by the dynamodb:LeadingKeys condition to the session tenant, and key/* by the tenant and stage tag conditions plus the encryption context.',
        appliesTo: [
          tableIndexFinding,
          tenantKeyFinding,
        ],
      },
    ]);
  }
}
