import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '#shared/domain/access';
import { documentClient, readItem, tableName } from './client.ts';
import { keys } from './keys.ts';
import type { Item } from './pagination.ts';
import type { TenantScope } from './tenant-scope.ts';
import { putIfNew, type TransactionStep } from './transactions.ts';

/**
 * Background jobs a request starts and a consumer runs (an export),
 * one item each (docs/data-model.md, pattern 56): what was asked, by whom, how far it got, what
 * came of it. They expire a week after they were asked for.
 */
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface StoredJob<O = Record<string, unknown>, R = Record<string, unknown>> {
  id: string;
  kind: 'export';
  status: JobStatus;
  requestedBy: Principal;
  options: O;
  progress: Record<string, number>;
  result?: R | undefined;
  error?: string | undefined;
  createdAt: string;
  updatedAt: string;
  completedAt?: string | undefined;
}

const TTL_SECONDS = 7 * 24 * 3600;

/** The job an item holds; the item was written by `createJobStep` for a job of that kind's options and result. */
const jobOf = <O, R>(item: Item): StoredJob<O, R> => {
  const { PK: _pk, SK: _sk, entity: _entity, ttl: _ttl, ...job } = item;
  return job as StoredJob<O, R>;
};

export const createJobStep = (scope: TenantScope, job: StoredJob<object, object>): TransactionStep =>
  putIfNew({ ...keys.job(scope, job.id), entity: 'job', ...job, ttl: Math.floor(Date.parse(job.createdAt) / 1000) + TTL_SECONDS });

export const getJob = async <O = Record<string, unknown>, R = Record<string, unknown>>(
  scope: TenantScope,
  where: { jobId: string; kind: StoredJob['kind'] },
): Promise<StoredJob<O, R> | undefined> => {
  const item = await readItem(scope, keys.job(scope, where.jobId), { consistent: true });
  return item && item.kind === where.kind ? jobOf<O, R>(item) : undefined;
};

/** Records a job's progress or its end. Only its runner writes it, one step after another. */
export const saveJob = async (
  scope: TenantScope,
  jobId: string,
  change: { status: JobStatus; progress?: Record<string, number>; result?: object; error?: string; now: Date },
): Promise<void> => {
  const fields: Record<string, unknown> = {
    status: change.status,
    updatedAt: change.now.toISOString(),
    ...(change.progress ? { progress: change.progress } : {}),
    ...(change.result ? { result: change.result } : {}),
    ...(change.error ? { error: change.error } : {}),
    ...(change.status === 'completed' || change.status === 'failed' ? { completedAt: change.now.toISOString() } : {}),
  };
  const names = Object.keys(fields);
  await documentClient(scope).send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.job(scope, jobId),
      UpdateExpression: `SET ${names.map((_name, at) => `#f${at} = :f${at}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: Object.fromEntries(names.map((name, at) => [`#f${at}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, at) => [`:f${at}`, fields[name]])),
    }),
  );
};
