import { LambdaIntegration, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { RouteEntry } from '#functions/manifest';
import { type FunctionSettings, pascalCase, ServiceFunction } from './service-function.ts';

export interface ApiFunctionsProps {
  api: RestApi;
  routes: readonly RouteEntry[];
  settings: FunctionSettings;
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

/** One function per manifest route, mounted on its method and path template with proxy integration. */
export class ApiFunctions extends Construct {
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: ApiFunctionsProps) {
    super(scope, id);
    const { api, routes, settings } = props;

    for (const route of routes) {
      if (this.functions.has(route.name)) throw new Error(`Two manifest routes are named ${route.name}`);
      const { function: fn } = new ServiceFunction(this, pascalCase(route.name), { entry: route, settings });
      // resourceForPath creates `{param}` segments once and reuses them across routes.
      const method = api.root.resourceForPath(route.path).addMethod(route.method, new LambdaIntegration(fn, { allowTestInvoke: false }), {
        operationName: route.name,
      });
      NagSuppressions.addResourceSuppressions(method, gatewayAuthorization);
      this.functions.set(route.name, fn);
    }
  }
}
