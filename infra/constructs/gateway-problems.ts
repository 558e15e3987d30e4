import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { DossierError, errorCatalogue, type ErrorCode } from '#shared/domain/errors';
import { gatewaySecurityHeaders, problemOf } from '#shared/http/problem';

/**
 * What API Gateway answers by itself (no function ran), as the same RFC 9457 problems the
 * functions' error middleware writes. Built with `problemOf` from shared/http, so a title or a type
 * slug can't differ between the gateway and the functions, or between AWS and the local runtime.
 */
interface GatewayProblem {
  responseType: ResponseType;
  code: ErrorCode;
  /**
   * The fallbacks (DEFAULT_4XX/5XX) cover several statuses, so they keep API Gateway's status and
   * their body leaves out the advisory `status` member rather than state a wrong one.
   */
  keepsGatewayStatus?: boolean;
  retryAfterSeconds?: number;
}

export const gatewayProblems: readonly GatewayProblem[] = [
  // Without an authorizer, API Gateway answers a path or method that no resource has with
  // MISSING_AUTHENTICATION_TOKEN (403). To a client that is an unknown route: 404, as locally.
  { responseType: ResponseType.MISSING_AUTHENTICATION_TOKEN, code: 'not-found' },
  { responseType: ResponseType.RESOURCE_NOT_FOUND, code: 'not-found' },
  { responseType: ResponseType.REQUEST_TOO_LARGE, code: 'payload-too-large' },
  { responseType: ResponseType.UNSUPPORTED_MEDIA_TYPE, code: 'unsupported-media-type' },
  { responseType: ResponseType.BAD_REQUEST_BODY, code: 'validation-failed' },
  { responseType: ResponseType.BAD_REQUEST_PARAMETERS, code: 'validation-failed' },
  { responseType: ResponseType.UNAUTHORIZED, code: 'unauthenticated' },
  { responseType: ResponseType.ACCESS_DENIED, code: 'forbidden' },
  { responseType: ResponseType.WAF_FILTERED, code: 'forbidden' },
  { responseType: ResponseType.THROTTLED, code: 'rate-limited', retryAfterSeconds: 1 },
  { responseType: ResponseType.QUOTA_EXCEEDED, code: 'rate-limited', retryAfterSeconds: 60 },
  { responseType: ResponseType.DEFAULT_4XX, code: 'validation-failed', keepsGatewayStatus: true },
  { responseType: ResponseType.DEFAULT_5XX, code: 'internal', keepsGatewayStatus: true },
];

/** The function's requestContext.requestId: the same id the functions put in `instance` and `x-request-id`. */
const REQUEST_ID = '$context.requestId';

/** The body as an API Gateway mapping template (VTL: `$context.*` is substituted per request). */
export const problemTemplate = (problem: GatewayProblem): string => {
  const { status, ...body } = problemOf(new DossierError(problem.code), `/requests/${REQUEST_ID}`);
  const json = JSON.stringify(problem.keepsGatewayStatus ? body : { ...body, status });
  // `#` starts a VTL directive and `$` a reference: only the request id placeholder may use them.
  if (/[#$]/.test(json.replace(REQUEST_ID, ''))) throw new Error(`Problem ${problem.code} can't be a mapping template: ${json}`);
  return json;
};

const quoted = (value: string): string => `'${value}'`;

export const addGatewayProblems = (api: RestApi): void => {
  for (const problem of gatewayProblems) {
    api.addGatewayResponse(problem.responseType.responseType, {
      type: problem.responseType,
      ...(problem.keepsGatewayStatus ? {} : { statusCode: String(errorCatalogue[problem.code].status) }),
      responseHeaders: {
        'Content-Type': quoted('application/problem+json'),
        'Cache-Control': quoted('no-store'),
        'x-request-id': 'context.requestId',
        ...Object.fromEntries(Object.entries(gatewaySecurityHeaders).map(([name, value]) => [name, quoted(value)])),
        ...(problem.retryAfterSeconds ? { 'Retry-After': quoted(String(problem.retryAfterSeconds)) } : {}),
      },
      templates: { 'application/json': problemTemplate(problem) },
    });
  }
};
