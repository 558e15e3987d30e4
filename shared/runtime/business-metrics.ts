/**
 * The business counters Dossier emits (CloudWatch embedded metric format), declared once: the
 * functions emit them through shared/runtime/metrics.ts, and the stack's alarms and dashboard
 * (infra/constructs/operations-watch.ts) read the same names. Plain data, no Powertools, so the
 * stack can import it without pulling a runtime library into synth.
 *
 * Every counter has the dimensions `service` and `stage`; the job counters add `job` (a fixed set:
 * the manifest's schedules). Tenant ids are never a dimension: each distinct value would be a
 * metric of its own ($0.30 a month each) and a way to count one tenant's activity from outside
 * its data.
 */
export const METRICS_NAMESPACE = 'Dossier';
export const METRICS_SERVICE = 'dossier';

export const BUSINESS_COUNTERS = {
  /** A customer was created (POST /v1/customers, the seed script's service path). */
  CustomersCreated: 'CustomersCreated',
  /** Events the outbox publisher put on the bus (stream and republish job; a retry counts again). */
  EventsPublished: 'EventsPublished',
  /** Webhook deliveries that reached their endpoint (2xx), on whichever attempt. */
  DeliveriesSucceeded: 'DeliveriesSucceeded',
  /** Webhook deliveries given up on: every attempt of the schedule failed, or the endpoint was disabled or deleted. */
  DeliveriesFailed: 'DeliveriesFailed',
} as const;

export type BusinessCounter = keyof typeof BUSINESS_COUNTERS;

export const JOB_COUNTERS = {
  /** A job's scheduled run, or one of its per-tenant units, finished. */
  JobsRun: 'JobsRun',
  /** A job's scheduled run, or one of its per-tenant units, failed (it is retried, then dead-lettered). */
  JobErrors: 'JobErrors',
} as const;

export type JobCounter = keyof typeof JOB_COUNTERS;

/** The dimension that names the job on the job counters. */
export const JOB_DIMENSION = 'job';
