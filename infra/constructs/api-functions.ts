import { LambdaIntegration, type RestApi } from 'aws-cdk-lib/aws-apigateway';
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
}

// Identity is established by the function, not the gateway: API Gateway has no authorizer for
// Dossier's own JWTs and dsk_ API keys, and the tenant must come from the verified principal.
const gatewayAuthorization = [
  {
    id: 'AwsSolutions-APIG4',
    reason: "Authentication and authorization happen in every function's middy stack (staff JWTs, dsk_ API keys with scopes, the manifest's access level); public routes such as health, sign-up, login and the OpenAPI document are public by contract (API.md).",
  },
  {
    id: 'AwsSolutions-COG4',
    reason: 'Dossier issues and verifies its own JWTs and API keys in the function middy stack; there is no Cognito user pool to authorize against.',
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
    const { api, routes, settingsFor } = props;
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
      // resourceForPath creates `{param}` segments once and reuses them across routes.
      const method = api.root.resourceForPath(gatewayMethod.path).addMethod(gatewayMethod.method, new LambdaIntegration(fn, { scopePermissionToMethod: false }), {
        operationName: gatewayMethod.routes.length === 1 ? gatewayMethod.routes[0]!.name : `${gatewayMethod.method.toLowerCase()}-${gatewayMethod.path.split('/').filter(Boolean).join('-').replace(/[{}]/g, '')}`,
      });
      NagSuppressions.addResourceSuppressions(method, gatewayAuthorization);
      for (const route of gatewayMethod.routes) this.functions.set(route.name, fn);
    }
  }
}
