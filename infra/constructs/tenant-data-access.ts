import { Duration } from 'aws-cdk-lib';
import { CompositePrincipal, type IRole, PolicyDocument, PolicyStatement, PrincipalWithConditions, Role, SessionTagsPrincipal } from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type DataTable, itemActions, tableIndexFinding } from './data-table.ts';

export interface TenantDataAccessProps {
  stage: string;
  table: DataTable;
  /** The execution roles allowed to assume the tenant role, each time for one tenant. */
  trustedRoles: readonly IRole[];
}

/** The session tag that carries the caller's tenant into IAM policy variables. */
export const TENANT_SESSION_TAG = 'tenantId';

/** Every tenant-owned partition key, table or index, starts with `T#<tenantId>#` (DESIGN.md). */
export const TENANT_LEADING_KEYS = `T#\${aws:PrincipalTag/${TENANT_SESSION_TAG}}#*`;

/**
 * The role the API functions assume, per request, with the session tag `tenantId` = the
 * authenticated principal's tenant. Its DynamoDB permissions only match items whose partition key
 * (or index partition key) starts with that tenant's prefix. A bug that builds another tenant's
 * key gets AccessDenied from AWS, not another tenant's data.
 */
export class TenantDataAccess extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TenantDataAccessProps) {
    super(scope, id);
    const { stage, table, trustedRoles } = props;

    // sts:TagSession must be allowed for the tag to be passed at all; the conditions make the tag
    // mandatory, let no other tag through, and insist on a tenant id's shape.
    const forOneTenant = {
      StringLike: { [`aws:RequestTag/${TENANT_SESSION_TAG}`]: 'ten_*' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_SESSION_TAG] },
    };
    const [first, ...others] = trustedRoles.map((role) => new SessionTagsPrincipal(new PrincipalWithConditions(role, forOneTenant)));
    if (!first) throw new Error('The tenant role needs a role to trust');
    const trustedForOneTenant = others.length > 0 ? new CompositePrincipal(first, ...others) : first;

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
          ],
        }),
      },
    });
    for (const trusted of trustedRoles) this.role.grant(trusted, 'sts:AssumeRole', 'sts:TagSession');

    NagSuppressions.addResourceSuppressions(this.role, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'The wildcard is the tenant fence itself: table/index/* is narrowed by the dynamodb:LeadingKeys condition to the session tenant.',
        appliesTo: [tableIndexFinding],
      },
    ]);
  }
}
