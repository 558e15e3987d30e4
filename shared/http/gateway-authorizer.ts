import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authorizeGatewayRequest } from '#shared/services/gateway-authorization';

/** A header of the authorizer's event, whatever case the client sent it in. */
const headerOf = (event: APIGatewayRequestAuthorizerEvent, name: string): string | undefined =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] ?? undefined;

/**
 * The policy an authorized caller gets: every method of this API's stage. API Gateway caches the
 * answer by the Authorization header and reuses it for the caller's next requests to any method,
 * so a policy naming only the method asked first would refuse the others (403) until it expired.
 * What each route needs is checked by its function (the manifest's access level).
 */
export const stagePolicy = (methodArn: string): APIGatewayAuthorizerResult['policyDocument'] => {
  // arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path…>
  const [apiArn, stage] = methodArn.split('/');
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${apiArn}/${stage}/*` }] };
};

/**
 * The Lambda REQUEST authorizer of every authenticated method: who the caller is (the functions'
 * own principal check) and which usage key — its tenant's — API Gateway throttles the request
 * under (`usageIdentifierKey`, with the API's key source AUTHORIZER). A caller that does not check
 * out is API Gateway's 401: the authorizer throws `Unauthorized`, as AWS documents.
 */
export const gatewayAuthorizer = () => async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  const authorization = await authorizeGatewayRequest(headerOf(event, 'authorization'));
  if (!authorization) throw new Error('Unauthorized');
  return {
    principalId: authorization.principalId,
    policyDocument: stagePolicy(event.methodArn),
    usageIdentifierKey: authorization.usageIdentifierKey,
    context: { tenantId: authorization.tenantId },
  };
};
