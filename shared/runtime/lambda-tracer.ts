import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { tracingWanted } from './config.ts';
import { registerClientCapture } from './tracer.ts';

/**
 * The Powertools Tracer (X-Ray), loaded only in Lambda with tracing on: importing the X-Ray SDK
 * installs async hooks (cls-hooked) that slow every `await` of the process about tenfold, traced
 * or not, so the local runtime, the tests and the benchmark never import it. Outgoing HTTP is not
 * patched: the only outgoing HTTP is webhook delivery, whose requests must not carry our trace
 * header to tenants' endpoints, and whose timing the delivery's attempt log keeps.
 */
const loadTracer = async () => {
  const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([import('@aws-lambda-powertools/tracer'), import('@aws-lambda-powertools/tracer/middleware')]);
  const tracer = new Tracer({ serviceName: 'dossier', captureHTTPsRequests: false });
  registerClientCapture((client) => tracer.captureAWSv3Client(client));
  // Responses are never recorded as trace metadata (they can carry customers' values); errors are.
  return captureLambdaHandler(tracer, { captureResponse: false });
};

const invocationTracing = tracingWanted() ? await loadTracer() : undefined;

/**
 * The tracer middleware of the worker factories: a segment per invocation, the cold start
 * annotated, each AWS call a subsegment. None (an empty list for `use`) where tracing is off.
 */
export const traceInvocation = <E, R, C extends Context>(): middy.MiddlewareObj<E, R, Error, C>[] =>
  invocationTracing ? [invocationTracing as unknown as middy.MiddlewareObj<E, R, Error, C>] : [];
