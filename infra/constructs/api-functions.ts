import { AuthorizationType, type IAuthorizer, LambdaIntegration, type MethodOptions, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { gatewayMethods, routeGroups } from '#functions/function-groups';
import type { RouteEntry } from '#functions/manifest';
import { writeGroupEntry } from './group-entries.ts';
import { type FunctionSettings, pascalCase, ServiceFunction } from './service-function.ts';

export interface ApiFunctionsProps {
  api: RestApi;
  routes: readonly RouteEntry[];
  /** An area's function settings (its role above all): `tenants` and `auth` differ from the rest. */
  settingsFor: (area: string) => FunctionSettings;
  /**
   * The tenant authorizer (tenant-throttling.ts), on every method whose routes are not public,
   * with an API key required: the usage key it names. None when no route needs it.
   */
  authorizer?: IAuthorizer;
}

// Public routes are public by contract; the authorizer of the others only says whose bucket a
// request drains, and identity and permission are checked again in the function.
const publicMethod = [
  {
    id: 'AwsSolutions-APIG4',
    reason: 'Public by contract (API.md): health, sign-up, sign-in, the OpenAPI document and its reference page; sign-up and sign-in are rationed per source address in their functions.',
  },
];
const noCognito = [
  {
    id: 'AwsSolutions-COG4',
    reason: "Dossier issues and verifies its own JWTs and dsk_ API keys (a Lambda authorizer at the gateway, the function's middy stack again per request); there is no Cognito user pool to authorize against.",
  },
];

/**
 * One function per area of the manifest's routes (a folder of `functions/`, see
 * functions/function-groups.ts), and an API Gateway method per route (per shape for the record
 * routes of every kind), each sent to its area's function with Lambda proxy integration. A function has one permission for the whole API rather
 * than one per method: the permission is what the method count used to multiply.
 */
export class ApiFunctions extends Construct {
  /** By route name: the function serving it. */
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: ApiFunctionsProps) {
    super(scope, id);
    const { api, routes, settingsFor, authorizer } = props;
    const names = new Set<string>();
    for (const route of routes) {
      if (names.has(route.name)) throw new Error(`Two manifest routes are named ${route.name}`);
      names.add(route.name);
    }

    const functions = new Map<string, NodejsFunction>();
    for (const group of routeGroups(routes)) {
      const { function: fn } = new ServiceFunction(this, pascalCase(group.name), { entry: { ...group, handler: writeGroupEntry(group) }, settings: settingsFor(group.area) });
      functions.set(group.name, fn);
    }
    for (const gatewayMethod of gatewayMethods(routes)) {
      const fn = functions.get(gatewayMethod.group)!;
      const isPublic = gatewayMethod.routes.every((route) => route.access === 'public');
      if (!isPublic && gatewayMethod.routes.some((route) => route.access === 'public')) {
        throw new Error(`${gatewayMethod.method} ${gatewayMethod.path} serves public and authenticated routes: one method can't be both`);
      }
      if (!isPublic && !authorizer) throw new Error(`${gatewayMethod.method} ${gatewayMethod.path} needs the tenant authorizer`);
      const access: MethodOptions = isPublic ? {} : { authorizer, authorizationType: AuthorizationType.CUSTOM, apiKeyRequired: true };
      // resourceForPath creates `{param}` segments once and reuses them across routes.
      const method = api.root.resourceForPath(gatewayMethod.path).addMethod(gatewayMethod.method, new LambdaIntegration(fn, { scopePermissionToMethod: false }), {
        operationName: gatewayMethod.routes.length === 1 ? gatewayMethod.routes[0]!.name : `${gatewayMethod.method.toLowerCase()}-${gatewayMethod.path.split('/').filter(Boolean).join('-').replace(/[{}]/g, '')}`,
        ...access,
      });
      NagSuppressions.addResourceSuppressions(method, isPublic ? [...publicMethod, ...noCognito] : noCognito);
      for (const route of gatewayMethod.routes) this.functions.set(route.name, fn);
    }
  }
}
