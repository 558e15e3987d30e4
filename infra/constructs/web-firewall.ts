import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface WebFirewallProps {
  stage: string;
  apiStage: Stage;
}

/** Requests per 5 minutes per source address: every route, and the public sign-up and sign-in. */
export const WAF_RATE_LIMITS = { anyRoute: 2000, publicAccountRoutes: 100 } as const;

const managedGroups = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'] as const;

const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

const pathIs = (path: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'ENDS_WITH', searchString: path, textTransformations: [{ priority: 0, type: 'NONE' }] },
});

/**
 * The optional WAFv2 web ACL in front of the API stage (`cdk deploy -c waf=true`; about $5 a month
 * plus $1 per rule and $0.60 per million requests): AWS managed rule groups, a rate-based rule per
 * source address on every route, and a tighter one on sign-up and sign-in, which are public and
 * (sign-up) create a KMS key each. Without it, stage throttling and the functions' own limits
 * (sign-ups per source address and per day, sign-in failures, exact look-ups) still hold.
 */
export class WebFirewall extends Construct {
  readonly acl: CfnWebACL;

  constructor(scope: Construct, id: string, props: WebFirewallProps) {
    super(scope, id);
    const { stage } = props;
    const rules: CfnWebACL.RuleProperty[] = [
      ...managedGroups.map((name, at) => ({
        name,
        priority: at,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility(`dossier-${stage}-${name}`),
      })),
      {
        name: 'RatePerSourceAnyRoute',
        priority: 10,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: WAF_RATE_LIMITS.anyRoute, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility(`dossier-${stage}-rate-any`),
      },
      {
        name: 'RatePerSourceSignUpAndSignIn',
        priority: 11,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: WAF_RATE_LIMITS.publicAccountRoutes,
            aggregateKeyType: 'IP',
            scopeDownStatement: { orStatement: { statements: [pathIs('/v1/tenants'), pathIs('/v1/auth/login')] } },
          },
        },
        visibilityConfig: visibility(`dossier-${stage}-rate-accounts`),
      },
    ];
    this.acl = new CfnWebACL(this, 'Acl', {
      name: `dossier-${stage}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(`dossier-${stage}-waf`),
    });
    new CfnWebACLAssociation(this, 'OnApiStage', { resourceArn: props.apiStage.stageArn, webAclArn: this.acl.attrArn });
  }
}
