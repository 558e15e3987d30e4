import { describe, expect, it } from 'vitest';
import { consumers, type RouteEntry, routes, schedules, streams } from '#functions/manifest';
import { resourcesOfType, synthDossier } from './dossier-template.ts';

const { resources } = synthDossier();
const manifestRoutes = routes as readonly RouteEntry[];
const allFunctions = resourcesOfType(resources, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties);
const routeFunctionNames = new Set(manifestRoutes.map((route) => `dossier-dev-${route.name}`));
const functions = allFunctions.filter((fn) => routeFunctionNames.has(fn.FunctionName));
const functionFor = (route: RouteEntry) => {
  const found = functions.find((fn) => fn.FunctionName === `dossier-dev-${route.name}`);
  if (!found) throw new Error(`No function for ${route.name}`);
  return found;
};

describe('the route functions', () => {
  it('runs one Node 22 arm64 function per manifest route', () => {
    expect(functions).toHaveLength(manifestRoutes.length);
    const tenantWorkers = schedules.filter((schedule) => 'perTenant' in schedule).length;
    expect(allFunctions).toHaveLength(manifestRoutes.length + schedules.length + tenantWorkers + consumers.length + streams.length);

    for (const route of manifestRoutes) {
      expect(functionFor(route)).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    }
  });

  it('sizes each function from its manifest entry: 512 MB and 29 s unless the route says otherwise', () => {
    for (const route of manifestRoutes) {
      expect(functionFor(route), route.name).toMatchObject({ MemorySize: route.memoryMb ?? 512, Timeout: route.timeoutSeconds ?? 29 });
    }
    expect(manifestRoutes.some((route) => route.memoryMb === 1024)).toBe(true);
  });

  it('describes each function with its manifest summary', () => {
    for (const route of manifestRoutes) expect(functionFor(route).Description).toBe(route.summary);
  });

  it('gives every function the environment shared/runtime/config.ts reads', () => {
    for (const fn of functions) {
      const variables = fn.Environment.Variables;

      expect(variables).toMatchObject({
        DOSSIER_STAGE: 'dev',
        DOSSIER_KEY_PROVIDER: 'kms',
        POWERTOOLS_SERVICE_NAME: 'dossier',
        NODE_OPTIONS: '--enable-source-maps',
      });
      expect(variables.DOSSIER_TABLE).toEqual({ Ref: expect.stringMatching(/^DataTable/) });
      expect(variables.DOSSIER_SERVICE_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^ServiceSecret/) });
      expect(variables.DOSSIER_TENANT_ROLE_ARN).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^TenantDataAccessRole/), 'Arn'] });
    }
  });

  it('traces with X-Ray and logs JSON to a log group with a retention', () => {
    const logGroups = new Map(resourcesOfType(resources, 'AWS::Logs::LogGroup'));

    for (const fn of functions) {
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.LoggingConfig.LogFormat).toBe('JSON');
      expect(logGroups.get(fn.LoggingConfig.LogGroup.Ref)?.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('runs every API function under one role that can read the service secret', () => {
    const roles = new Set(functions.map((fn) => JSON.stringify(fn.Role)));

    expect(roles.size).toBe(1);
    const [role] = functions.map((fn) => fn.Role['Fn::GetAtt'][0] as string);
    const policy = resourcesOfType(resources, 'AWS::IAM::Policy').find(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role));
    expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('secretsmanager:GetSecretValue');
  });
});
