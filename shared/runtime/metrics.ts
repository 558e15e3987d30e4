import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { BUSINESS_COUNTERS, JOB_COUNTERS, JOB_DIMENSION, METRICS_NAMESPACE, METRICS_SERVICE, type BusinessCounter, type JobCounter } from './business-metrics.ts';
import { config } from './config.ts';
import { logger } from './logger.ts';

let emitter: Metrics | undefined;

/**
 * The one Powertools Metrics instance, made at the first count rather than at import: the local
 * runtime and tests set the stage and DOSSIER_METRICS after modules are loaded. Its warnings go to
 * the one logger.
 */
const emitterOf = (): Metrics =>
  (emitter ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, defaultDimensions: { stage: config().stage }, logger }));

const emitting = (): boolean => config().metrics === 'stdout';

/**
 * Counts a business event where it happens (a service action). The count is buffered and written
 * as one EMF line when the handler's middleware flushes (`publishMetrics`). Off (a no-op) unless
 * DOSSIER_METRICS=stdout, which the stack sets on every function: locally and in tests nothing is
 * written to stdout.
 */
export const countBusiness = (counter: BusinessCounter, value = 1): void => {
  if (!emitting() || value <= 0) return;
  emitterOf().addMetric(BUSINESS_COUNTERS[counter], MetricUnit.Count, value);
};

/**
 * Counts a job's run or error under the job's name. Written at once as its own EMF line, so its
 * `job` dimension does not spread to the other counters of the invocation.
 */
export const countJob = (counter: JobCounter, job: string): void => {
  if (!emitting()) return;
  const single = emitterOf().singleMetric();
  single.addDimension(JOB_DIMENSION, job);
  single.addMetric(JOB_COUNTERS[counter], MetricUnit.Count, 1);
};

/** Writes the buffered counts, if any (an invocation that counted nothing writes nothing). */
export const flushMetrics = (): void => {
  if (emitter?.hasStoredMetrics()) emitter.publishStoredMetrics();
};

/**
 * The metrics middleware of every handler factory: whatever the invocation counted is written
 * when it ends, answered or failed. Powertools' own `logMetrics` would also warn on every
 * invocation that counted nothing, which is most of them.
 */
export const publishMetrics = <E, R, C extends Context>(): middy.MiddlewareObj<E, R, Error, C> => {
  const publishAfter = () => flushMetrics();
  const publishOnError = () => flushMetrics();
  return { after: publishAfter, onError: publishOnError };
};
