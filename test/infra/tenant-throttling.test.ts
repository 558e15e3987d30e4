import { describe, expect, it } from 'vitest';
import { gateway, type RouteEntry, routes } from '#functions/manifest';
import { planLimits } from '#shared/domain/plan-limits';
import { resourcePaths, resourcesOfType, synthDossier, theResourceOfType } from './dossier-template.ts';

const { resources } = synthDossier({ stage: 'qa' });

type Statement = { Sid?: string; Action: string | string[]; Resource?: unknown; Condition?: Record<string, Record<string, unknown>> };
const actionsOf = (statement: Statement) => [statement.Action].flat();

const statementsByRole = (): Map<string, Statement[]> => {
  const byRole = new Map<string, Statement[]>();
  for (const [, policy] of resourcesOfType(resources, 'AWS::IAM::Policy')) {
    for (const role of policy.Properties.Roles as { Ref: string }[]) {
      const name = role.Ref.replace(/[A-F0-9]{8}$/, '');
      byRole.set(name, [...(byRole.get(name) ?? []), ...(policy.Properties.PolicyDocument.Statement as Statement[])]);
    }
  }
  return byRole;
};
const apiGatewayStatements = (statements: Statement[]) => statements.filter((s) => actionsOf(s).some((a) => a.startsWith('apigateway:')));
/** `arn:…:apigateway:<region>::/apikeys/*` → `/apikeys/*`. */
const pathOf = (resource: unknown): string => JSON.stringify(resource).replace(/^.*::(\/[^"]*)".*$/, '$1');

const methods = () => {
  const paths = resourcePaths(resources);
  return resourcesOfType(resources, 'AWS::ApiGateway::Method')
    .filter(([, method]) => method.Properties.HttpMethod !== 'OPTIONS')
    .map(([, method]) => ({ key: `${method.Properties.HttpMethod} ${paths.get(method.Properties.ResourceId.Ref) ?? '/'}`, properties: method.Properties }));
};

describe('per-tenant throttling at the gateway', () => {
  it('puts the tenant authorizer, with an API key required, on every authenticated method and on no public one', () => {
    const [authorizerId] = resourcesOfType(resources, 'AWS::ApiGateway::Authorizer')[0]!;
    const publicRoutes = new Set((routes as readonly RouteEntry[]).filter((route) => route.access === 'public').map((route) => `${route.method} ${route.path}`));

    for (const { key, properties } of methods()) {
      if (publicRoutes.has(key)) {
        expect(properties.AuthorizationType ?? 'NONE', key).toBe('NONE');
        expect(properties.ApiKeyRequired ?? false, key).toBe(false);
      } else {
        expect(properties.AuthorizationType, key).toBe('CUSTOM');
        expect(properties.AuthorizerId, key).toEqual({ Ref: authorizerId });
        expect(properties.ApiKeyRequired, key).toBe(true);
      }
    }
    expect(methods().filter(({ key }) => publicRoutes.has(key))).toHaveLength(publicRoutes.size);
    expect(methods().filter(({ properties }) => properties.ApiKeyRequired).length).toBeGreaterThan(20);
  });

  it('counts each request under the key the authorizer names, whose answer is cached by the Authorization header', () => {
    const authorizer = theResourceOfType(resources, 'AWS::ApiGateway::Authorizer');
    const functionNames = new Map(resourcesOfType(resources, 'AWS::Lambda::Function').map(([id, fn]) => [id, fn.Properties.FunctionName]));
    const invoked = [...functionNames].find(([id]) => JSON.stringify(authorizer.Properties.AuthorizerUri).includes(`"${id}"`))?.[1];

    expect(theResourceOfType(resources, 'AWS::ApiGateway::RestApi').Properties.ApiKeySourceType).toBe('AUTHORIZER');
    expect(authorizer.Properties).toMatchObject({ Type: 'REQUEST', IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: gateway.authorizer.cacheSeconds });
    expect(gateway.authorizer.cacheSeconds).toBe(300);
    expect(invoked).toBe('dossier-qa-authorize-request');
  });

  it('has a usage plan per plan on the stage, throttled at the rate and burst of planLimits', () => {
    const usagePlans = resourcesOfType(resources, 'AWS::ApiGateway::UsagePlan').map(([, plan]) => plan.Properties);

    expect(usagePlans.map((plan) => plan.UsagePlanName).sort()).toEqual(['dossier-qa-business', 'dossier-qa-free', 'dossier-qa-team']);
    for (const [plan, limits] of Object.entries(planLimits)) {
      const usagePlan = usagePlans.find((candidate) => candidate.UsagePlanName === `dossier-qa-${plan}`)!;
      expect(usagePlan.Throttle, plan).toEqual({ RateLimit: limits.ratePerSecond, BurstLimit: limits.burst });
      expect(usagePlan.ApiStages, plan).toEqual([expect.objectContaining({ Stage: expect.anything() })]);
    }
  });

  it('lets the accounts role create usage keys of its stage and move them between plans, the closing role only delete them, and no other role touch API Gateway', () => {
    const byRole = statementsByRole();

    const accounts = apiGatewayStatements(byRole.get('FunctionRolesAccounts')!);
    const closing = apiGatewayStatements(byRole.get('FunctionRolesClosing')!);
    const others = [...byRole].filter(([role]) => role !== 'FunctionRolesAccounts' && role !== 'FunctionRolesClosing').flatMap(([, statements]) => apiGatewayStatements(statements));

    expect(accounts.map((s) => `${actionsOf(s).join()} ${pathOf(s.Resource)}`).sort()).toEqual([
      'apigateway:DELETE /apikeys/*',
      'apigateway:DELETE /usageplans/*/keys/*',
      'apigateway:GET /usageplans',
      'apigateway:POST /apikeys',
      'apigateway:POST /usageplans/*/keys',
    ]);
    expect(accounts.find((s) => pathOf(s.Resource) === '/apikeys')!.Condition!.StringEquals).toEqual({ 'aws:RequestTag/dossier:stage': 'qa' });
    expect(closing.map((s) => `${actionsOf(s).join()} ${pathOf(s.Resource)}`)).toEqual(['apigateway:DELETE /apikeys/*']);
    for (const remove of [...accounts, ...closing].filter((s) => pathOf(s.Resource) === '/apikeys/*')) {
      expect(remove.Condition!.StringEquals).toEqual({ 'aws:ResourceTag/dossier:stage': 'qa' });
    }
    expect(others).toEqual([]);
  });

  it("answers a throttled tenant and a caller the authorizer refuses as problems with the functions' security headers, the 429 with Retry-After", () => {
    const responses = new Map(resourcesOfType(resources, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => [r.Properties.ResponseType, r.Properties]));

    for (const [type, status] of [['THROTTLED', '429'], ['QUOTA_EXCEEDED', '429'], ['UNAUTHORIZED', '401'], ['ACCESS_DENIED', '403']] as const) {
      const response = responses.get(type)!;
      const headers = response.ResponseParameters as Record<string, string>;
      expect(response.StatusCode, type).toBe(status);
      expect(headers['gatewayresponse.header.Content-Type'], type).toBe("'application/problem+json'");
      expect(headers['gatewayresponse.header.x-content-type-options'], type).toBe("'nosniff'");
      expect(headers['gatewayresponse.header.strict-transport-security'], type).toContain('max-age');
      if (status === '429') expect(Number(headers['gatewayresponse.header.Retry-After']?.replaceAll("'", '')), type).toBeGreaterThanOrEqual(1);
    }
  });

  it('runs the authorizer as the API role, which reads callers through the tenant role', () => {
    const authorizerFunction = resourcesOfType(resources, 'AWS::Lambda::Function').find(([, fn]) => fn.Properties.FunctionName === 'dossier-qa-authorize-request')![1];

    expect(JSON.stringify(authorizerFunction.Properties.Role)).toContain('FunctionRolesApi');
    expect(authorizerFunction.Properties.Environment.Variables.DOSSIER_TENANT_ROLE_ARN).toBeDefined();
    expect(authorizerFunction.Properties.Environment.Variables.DOSSIER_USAGE_PLANS).toBe('api-gateway');
  });
});
