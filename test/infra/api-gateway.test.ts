import { describe, expect, it } from 'vitest';
import { areaOf } from '#functions/function-groups';
import { gateway, type RouteEntry, routes } from '#functions/manifest';
import { gatewayTarget, mountedRoutes, resourcesOfType, synthDossier, theResourceOfType } from './dossier-template.ts';

const { resources, template } = synthDossier();
const manifestRoutes = routes as readonly RouteEntry[];

const gatewayResponse = (type: string) => {
  const found = resourcesOfType(resources, 'AWS::ApiGateway::GatewayResponse').find(([, r]) => r.Properties.ResponseType === type);
  if (!found) throw new Error(`No gateway response for ${type}`);
  return found[1].Properties;
};

/** The body API Gateway sends, with `$context.requestId` filled in as it would be. */
const bodyOf = (response: Record<string, any>) =>
  JSON.parse(String(response.ResponseTemplates['application/json']).replaceAll('$context.requestId', 'req-1'));

describe('the HTTP API', () => {
  it('serves every manifest route through API Gateway, sending it to the function of its area', () => {
    const functionNames = new Map(resourcesOfType(resources, 'AWS::Lambda::Function').map(([id, fn]) => [id, fn.Properties.FunctionName]));

    for (const route of manifestRoutes) {
      const target = gatewayTarget(resources, `${route.method} ${route.path}`);
      expect(functionNames.get(target!), `${route.method} ${route.path}`).toBe(`dossier-dev-api-${areaOf(route)}`);
    }
  });

  it('mounts the record routes of every kind on one method per shape, beside the literal routes of a customer', () => {
    const mounted = [...mountedRoutes(resources).keys()];

    expect(mounted.filter((key) => key.includes('{recordKind}')).sort()).toEqual([
      'GET /v1/customers/{customerId}/{recordKind}',
      'GET /v1/customers/{customerId}/{recordKind}/{recordId}',
      'PATCH /v1/customers/{customerId}/{recordKind}/{recordId}',
      'POST /v1/customers/{customerId}/{recordKind}',
    ]);
    expect(mounted).toEqual(expect.arrayContaining(['GET /v1/customers/{customerId}/timeline', 'POST /v1/customers/{customerId}/merge', 'GET /v1/customers/{customerId}/export']));
    expect(mounted.filter((key) => /^\w+ \/v1\/customers\/\{customerId\}\/(transactions|feedback|points)(\/|$)/.test(key))).toEqual([]);
  });

  it('answers an unknown path or method at the gateway: no method is mounted that the manifest lacks', () => {
    const served = new Set(manifestRoutes.map((route) => `${route.method} ${route.path}`));
    const kinds = new Set(manifestRoutes.flatMap((route) => route.recordKind ?? []));

    for (const key of mountedRoutes(resources).keys()) {
      const instances = key.includes('{recordKind}') ? [...kinds].map((kind) => key.replace('{recordKind}', kind)) : [key];
      expect(instances.some((instance) => served.has(instance)), key).toBe(true);
    }
  });

  it('passes the manifest binary media types to functions as base64', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: [...gateway.binaryMediaTypes] });
  });

  it('logs access, throttles and traces the stage, and never logs bodies', () => {
    const stage = theResourceOfType(resources, 'AWS::ApiGateway::Stage');

    expect(stage.Properties.TracingEnabled).toBe(true);
    expect(stage.Properties.AccessLogSetting.DestinationArn).toBeDefined();
    expect(JSON.parse(stage.Properties.AccessLogSetting.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(stage.Properties.MethodSettings).toEqual([
      expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', DataTraceEnabled: false, LoggingLevel: 'ERROR', ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) }),
    ]);
  });
});

describe('answers API Gateway gives by itself', () => {
  it('answers an unknown route with a 404 not-found problem instead of 403 Missing Authentication Token', () => {
    const response = gatewayResponse('MISSING_AUTHENTICATION_TOKEN');

    expect(response.StatusCode).toBe('404');
    expect(response.ResponseParameters['gatewayresponse.header.Content-Type']).toBe("'application/problem+json'");
    expect(bodyOf(response)).toEqual({ type: 'https://dossier.dev/problems/not-found', title: 'Not found', status: 404, instance: '/requests/req-1' });
  });

  it('answers a body over the gateway limit with a 413 payload-too-large problem', () => {
    const response = gatewayResponse('REQUEST_TOO_LARGE');

    expect(response.StatusCode).toBe('413');
    expect(bodyOf(response)).toMatchObject({ type: 'https://dossier.dev/problems/payload-too-large', status: 413 });
  });

  it('answers throttling with 429 and Retry-After', () => {
    const response = gatewayResponse('THROTTLED');

    expect(response.StatusCode).toBe('429');
    expect(response.ResponseParameters['gatewayresponse.header.Retry-After']).toMatch(/^'\d+'$/);
    expect(bodyOf(response)).toMatchObject({ type: 'https://dossier.dev/problems/rate-limited', status: 429 });
  });

  it('answers any other 4xx and 5xx as problem+json without inventing a status', () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      const response = gatewayResponse(type);

      expect(response.StatusCode).toBeUndefined();
      expect(response.ResponseParameters['gatewayresponse.header.Content-Type']).toBe("'application/problem+json'");
      expect(bodyOf(response).status).toBeUndefined();
    }
    expect(bodyOf(gatewayResponse('DEFAULT_5XX'))).toEqual({ type: 'https://dossier.dev/problems/internal', title: 'Something went wrong on our side', instance: '/requests/req-1' });
  });

  it('makes every gateway answer a problem whose status matches the HTTP status, with the request id', () => {
    for (const [, { Properties: response }] of resourcesOfType(resources, 'AWS::ApiGateway::GatewayResponse')) {
      const body = bodyOf(response);

      expect(body.type).toMatch(/^https:\/\/dossier\.dev\/problems\/[a-z-]+$/);
      expect(body.title).toEqual(expect.any(String));
      if (response.StatusCode) expect(body.status).toBe(Number(response.StatusCode));
      expect(response.ResponseParameters['gatewayresponse.header.x-request-id']).toBe('context.requestId');
    }
  });
});
