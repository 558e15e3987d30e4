import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient, readItem, tableName } from '#shared/data/client';
import { dueEntry, dueItems } from '#shared/data/due-work';
import { dueAttributes, keys } from '#shared/data/keys';
import { useFreshTable } from '#test/fixtures/fresh-table';

beforeAll(async () => {
  await useFreshTable();
});

const HOUR_MS = 3600 * 1000;

const addWork = async (id: string, dueAt: Date, owner = 'ten_owner') => {
  await documentClient().send(
    new PutCommand({ TableName: tableName(), Item: { PK: `WORK#${id}`, SK: 'W', id, ...dueEntry('webhook', { owner, id, dueAt: dueAt.toISOString() }) } }),
  );
};

/** Work written back when it was not yet due: it sits in its due hour's bucket (shard 0). */
const addEarlierWork = async (id: string, dueAt: Date) => {
  const entry = keys.dueEntry('webhook', dueAt.toISOString().slice(0, 13), 0, dueAt.toISOString(), id);
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { PK: `WORK#${id}`, SK: 'W', id, ...entry } }));
};

const finish = async (id: string) => {
  await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: { PK: `WORK#${id}`, SK: 'W' }, UpdateExpression: `REMOVE ${dueAttributes.join(', ')}` }));
};

const dueIds = async (now: Date) => {
  const found: string[] = [];
  for await (const item of dueItems('webhook', now)) found.push(String(item.id));
  return found;
};

describe('due work', () => {
  it('finds work due at the instant, across hours and owners, and none that is due later', async () => {
    const now = new Date();
    await addWork('two-hours-ago', new Date(now.getTime() - 2 * HOUR_MS), 'ten_a');
    await addWork('a-minute-ago', new Date(now.getTime() - 60_000), 'ten_b');
    await addWork('in-an-hour', new Date(now.getTime() + HOUR_MS), 'ten_c');
    await addEarlierWork('written-two-hours-ago', new Date(now.getTime() - 2 * HOUR_MS));

    const due = await dueIds(now);

    expect(due.sort()).toEqual(['a-minute-ago', 'two-hours-ago', 'written-two-hours-ago']);
  });

  it('keeps looking at an hour while it holds work, and moves past it once it is done and past', async () => {
    const now = new Date();
    const watermark = async () => (await readItem(undefined, keys.dueWatermark('webhook'), { consistent: true }))?.hourMs as number;
    await dueIds(now);
    const whileHeld = await watermark();

    for (const id of ['two-hours-ago', 'a-minute-ago', 'written-two-hours-ago']) await finish(id);
    await dueIds(now);
    const afterDone = await watermark();

    expect(whileHeld).toBeLessThanOrEqual(now.getTime() - 2 * HOUR_MS);
    expect(afterDone).toBeGreaterThan(now.getTime() - 2 * HOUR_MS);
    expect(afterDone).toBeLessThanOrEqual(now.getTime());
  });

  it('finds work written when it was already due, however far behind the watermark its due time is', async () => {
    const now = new Date();
    await dueIds(now);
    await addWork('due-last-week', new Date(now.getTime() - 7 * 24 * HOUR_MS));

    expect(await dueIds(new Date(now.getTime() + 1000))).toContain('due-last-week');
    await finish('due-last-week');
  });

  it('never moves past the wall clock, so a run for a future instant strands nothing due now', async () => {
    const now = new Date();
    await dueIds(new Date(now.getTime() + 30 * HOUR_MS));
    await addWork('due-now', now);

    expect(await dueIds(new Date(now.getTime() + 1000))).toContain('due-now');
  });
});
