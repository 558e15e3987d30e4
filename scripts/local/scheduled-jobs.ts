import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { Cron } from 'croner';
import { schedules, type ScheduleEntry } from '#functions/manifest';
import { localLogger as logger } from './local-logger.ts';
import { loadHandler } from './local-server.ts';
import { lambdaContext } from './proxy-event.ts';

type JobHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

const scheduleList = schedules as readonly ScheduleEntry[];

export const findSchedule = (name: string): ScheduleEntry | undefined => scheduleList.find((entry) => entry.name === name);

/** The event EventBridge delivers for a schedule rule firing at `at`; jobs read "now" from `time`. */
export const scheduledEvent = (entry: ScheduleEntry, at: Date): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: at.toISOString(),
  region: 'local',
  resources: [`arn:aws:events:local:000000000000:rule/${entry.name}`],
  detail: {},
});

export const runJob = async (entry: ScheduleEntry, at: Date): Promise<unknown> => {
  const handler = await loadHandler<JobHandler>(entry);
  return handler(scheduledEvent(entry, at), lambdaContext(entry.name, (entry.timeoutSeconds ?? 300) * 1000));
};

/** Fires every manifest schedule on its cron (UTC), as the EventBridge rules do in AWS. */
export const startScheduler = (): { stop(): void } => {
  const crons = scheduleList.map(
    (entry) =>
      new Cron(entry.cron, { timezone: 'UTC', protect: true }, async () => {
        try {
          await runJob(entry, new Date());
        } catch (error) {
          logger.error('Scheduled job failed', { job: entry.name, error: error instanceof Error ? error.message : String(error) });
        }
      }),
  );
  return { stop: () => crons.forEach((cron) => cron.stop()) };
};
