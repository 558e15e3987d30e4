import { Duration } from 'aws-cdk-lib';
import { IdentitySource, RequestAuthorizer, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { gateway } from '#functions/manifest';
import { planLimits, usagePlanName } from '#shared/domain/plan-limits';
import { plans } from '#shared/domain/tenant';
import { type FunctionSettings, ServiceFunction } from './service-function.ts';

export interface TenantThrottlingProps {
  stage: string;
  api: RestApi;
  /** The authorizer function's settings: the API role (it reads a tenant's items through the tenant role). */
  settings: FunctionSettings;
}

/**
 * Each tenant throttled by its plan before any function runs, as the AWS SaaS reference
 * architecture does: a Lambda REQUEST authorizer on every authenticated method names the caller's
 * tenant usage key (`usageIdentifierKey`; the API's key source is AUTHORIZER), and API Gateway
 * counts it against the usage plan its key is in — one per plan, with the plan's rate and burst
 * from `planLimits`, the numbers the local gateway uses too. Past them: THROTTLED, a 429 problem
 * with Retry-After (gateway-problems.ts). The authorizer's answer is cached by the Authorization
 * header for the manifest's `cacheSeconds`, so the hot path has no extra read.
 */
export class TenantThrottling extends Construct {
  readonly authorizer: RequestAuthorizer;

  constructor(scope: Construct, id: string, props: TenantThrottlingProps) {
    super(scope, id);
    const { stage, api, settings } = props;

    const { function: handler } = new ServiceFunction(this, 'Authorizer', { entry: gateway.authorizer, settings });
    this.authorizer = new RequestAuthorizer(this, 'RequestAuthorizer', {
      authorizerName: `dossier-${stage}-tenant`,
      handler,
      identitySources: [IdentitySource.header('Authorization')],
      resultsCacheTtl: Duration.seconds(gateway.authorizer.cacheSeconds),
    });

    for (const plan of plans) {
      const limits = planLimits[plan];
      api.addUsagePlan(`${plan[0]!.toUpperCase()}${plan.slice(1)}Plan`, {
        name: usagePlanName(stage, plan),
        description: `Dossier ${stage}: tenants on the ${plan} plan (shared/domain/plan-limits.ts)`,
        throttle: { rateLimit: limits.ratePerSecond, burstLimit: limits.burst },
        apiStages: [{ api, stage: api.deploymentStage }],
      });
    }
  }
}
