import { describe, expect, it } from 'vitest';
import { routeGroups } from '#functions/function-groups';
import { consumers, type RouteEntry, routes, schedules, streams } from '#functions/manifest';
import { resourcesOfType, synthDossier } from './dossier-template.ts';

const { resources, consoleResources } = synthDossier();
const manifestRoutes = routes as readonly RouteEntry[];
const groups = routeGroups(manifestRoutes);
// CDK's BucketDeployment brings a function of its own that copies the console into its bucket at
// deploy time (infra/constructs/console-site.ts, in the console's nested stack); every function of
// the main stack is Dossier's.
const isConsoleCopier = (logicalId: string) => logicalId.startsWith('CustomCDKBucketDeployment');
const everyFunction = resourcesOfType(resources, 'AWS::Lambda::Function');
const allFunctions = everyFunction.filter(([id]) => !isConsoleCopier(id)).map(([, fn]) => fn.Properties);
const areaFunctionNames = new Set(groups.map((group) => `dossier-dev-${group.name}`));
const functions = allFunctions.filter((fn) => areaFunctionNames.has(fn.FunctionName));
const functionOf = (group: { name: string }) => {
  const found = functions.find((fn) => fn.FunctionName === `dossier-dev-${group.name}`);
  if (!found) throw new Error(`No function for ${group.name}`);
  return found;
};

describe('the route functions', () => {
  it("runs one Node 22 arm64 function per area of routes (folder of functions/), one per job, unit, consumer and stream, and the gateway's authorizer", () => {
    const tenantWorkers = schedules.filter((schedule) => 'perTenant' in schedule).length;

    expect(functions).toHaveLength(groups.length);
    expect(groups.map((group) => group.area)).toEqual(expect.arrayContaining(['customers', 'records', 'webhooks', 'platform']));
    expect(allFunctions).toHaveLength(groups.length + schedules.length + tenantWorkers + consumers.length + streams.length + 1);
    expect(allFunctions.map((fn) => fn.FunctionName)).toContain('dossier-dev-authorize-request');
    expect(everyFunction.filter(([id]) => isConsoleCopier(id))).toHaveLength(0);
    expect(resourcesOfType(consoleResources, 'AWS::Lambda::Function').filter(([id]) => isConsoleCopier(id))).toHaveLength(1);
    for (const fn of allFunctions) expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
  });

  it('sizes each area function for the most demanding of its routes: 512 MB and 29 s unless a route says otherwise', () => {
    for (const group of groups) {
      const memory = Math.max(512, ...group.routes.map((route) => route.memoryMb ?? 512));
      expect(functionOf(group), group.name).toMatchObject({ MemorySize: memory, Timeout: 29 });
    }
    expect(functionOf(groups.find((group) => group.area === 'auth')!).MemorySize).toBe(1024);
  });

  it('describes each area function by the routes it serves', () => {
    for (const group of groups) {
      for (const route of group.routes.slice(0, 3)) expect(functionOf(group).Description).toContain(route.name);
    }
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

  it('traces with X-Ray and logs JSON to a shared log group with a retention: one for the API, one for the workers', () => {
    const logGroups = new Map(resourcesOfType(resources, 'AWS::Logs::LogGroup'));
    const groupOf = (fn: Record<string, any>) => fn.LoggingConfig.LogGroup.Ref as string;

    for (const fn of allFunctions) {
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.LoggingConfig.LogFormat).toBe('JSON');
      expect(logGroups.get(groupOf(fn))?.Properties.RetentionInDays).toBeGreaterThan(0);
    }
    expect(new Set(functions.map(groupOf)).size).toBe(1);
    expect(new Set(allFunctions.map(groupOf)).size).toBe(2);
  });

  it('runs the API functions under two roles (the tenant-bound one, and accounts for sign-up, sign-in and the tenant), each able to read the service secret', () => {
    const roles = [...new Set(functions.map((fn) => fn.Role['Fn::GetAtt'][0] as string))];

    expect(roles.map((role) => role.replace(/[A-F0-9]{8}$/, '')).sort()).toEqual(['FunctionRolesAccounts', 'FunctionRolesApi']);
    for (const role of roles) {
      const policy = resourcesOfType(resources, 'AWS::IAM::Policy').find(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role));
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument), role).toContain('secretsmanager:GetSecretValue');
    }
  });

  it('lets API Gateway invoke each area function through one permission for the whole API, not one per method, and the authorizer as its authorizer only', () => {
    const all = resourcesOfType(resources, 'AWS::Lambda::Permission').map(([, p]) => p.Properties).filter((p) => p.Principal === 'apigateway.amazonaws.com');
    const [authorizer, ...others] = all.filter((p) => JSON.stringify(p.SourceArn).includes('/authorizers/'));
    const permissions = all.filter((p) => p !== authorizer);

    expect(others).toEqual([]);
    expect(JSON.stringify(authorizer!.FunctionName)).toContain('TenantThrottlingAuthorizer');
    expect(permissions).toHaveLength(groups.length);
    // arn:…:execute-api:<region>:<account>:<this API>/*/*/* — any stage, method and path of this API only.
    for (const permission of permissions) expect(permission.SourceArn['Fn::Join'][1]).toEqual(expect.arrayContaining([{ Ref: expect.stringMatching(/^HttpApi/) }, '/*/*/*']));
  });
});
