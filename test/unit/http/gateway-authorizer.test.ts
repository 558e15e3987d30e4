import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { gatewayAuthorizer, stagePolicy } from '#shared/http/gateway-authorizer';

const methodArn = 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/GET/v1/customers/cus_1';

describe('the gateway authorizer', () => {
  it('allows every method of the stage, since API Gateway reuses a cached answer for the next method the caller asks', () => {
    expect(stagePolicy(methodArn)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/*' }],
    });
  });

  it("answers a request without a bearer credential with API Gateway's Unauthorized (a 401)", async () => {
    const event = { type: 'REQUEST', methodArn, headers: { authorization: 'Basic dXNlcjpwYXNz' } } as unknown as APIGatewayRequestAuthorizerEvent;

    await expect(gatewayAuthorizer()(event)).rejects.toThrow(/^Unauthorized$/);
  });
});
