import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { gateway, type RouteEntry } from '#functions/manifest';

const isBinary = (contentType: string | undefined): boolean =>
  (gateway.binaryMediaTypes as readonly string[]).includes(contentType?.split(';')[0]?.trim().toLowerCase() ?? '');

/**
 * Values by name, the last one and all of them, as API Gateway gives them: every name becomes an own
 * property, `constructor` and `__proto__` included (an assignment to `__proto__` would set the
 * object's prototype instead, and `constructor` would find Object's).
 */
const byName = (pairs: Iterable<[string, string]>): { single: Record<string, string>; multi: Record<string, string[]> } => {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of pairs) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return {
    single: Object.fromEntries([...grouped].map(([name, values]) => [name, values.at(-1)!])),
    multi: Object.fromEntries(grouped),
  };
};

/**
 * Builds the API Gateway (REST, Lambda proxy) event a handler receives in AWS from a local HTTP
 * request, so the handlers run unchanged on a laptop.
 */
export const toProxyEvent = (
  request: IncomingMessage,
  url: URL,
  route: RouteEntry,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEvent => {
  const headerPairs: [string, string][] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) headerPairs.push([request.rawHeaders[i]!, request.rawHeaders[i + 1]!]);
  const { single: headers, multi: multiValueHeaders } = byName(headerPairs);
  const { single: query, multi: multiQuery } = byName(url.searchParams);
  const binary = isBinary(request.headers['content-type']);
  const now = Date.now();
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size > 0 ? query : null,
    multiValueQueryStringParameters: url.searchParams.size > 0 ? multiQuery : null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    body: body.length === 0 ? null : binary ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: binary && body.length > 0,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: route.method,
      path: url.pathname,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: route.name,
      resourcePath: route.path,
      identity: {
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? null,
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
    },
  };
};

/** A Lambda context with API Gateway's 29-second integration timeout as the deadline. */
export const lambdaContext = (functionName: string, timeoutMs = 29_000): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
