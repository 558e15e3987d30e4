import { describe, expect, it } from 'vitest';
import { get, listAll, patch, post } from '#test/fixtures/api-client';
import { newCustomer } from '#test/fixtures/customers';
import { ownRuntime } from '#test/fixtures/own-runtime';
import { daysAgo, purchase } from '#test/fixtures/records';
import { expectProblem, newStaff, newTenant, type TestTenant } from '#test/fixtures/tenants';
import { drain, runJob } from '#test/fixtures/webhook-receiver';

/** The reminder and scoring jobs act on every tenant at the instant given: a runtime of its own. */
ownRuntime('followups');

const HOUR = 3600 * 1000;
const at = (instant: number) => new Date(instant).toISOString();

const eventsOf = async (tenant: TestTenant, type: string) =>
  (await get(`/_local/events?tenantId=${tenant.id}&type=${type}`)).body.items as { id: string; occurredAt: string; data: Record<string, any> }[];

interface Notification {
  id: string;
  kind: string;
  title: string;
  read: boolean;
  customerId?: string;
  createdAt: string;
}
const notificationsOf = async (token: string): Promise<Notification[]> => listAll<Notification>('/v1/notifications?limit=2', token);

interface Followup {
  id: string;
  dueAt: string;
  title: string;
  status: string;
  occasion?: string;
  assigneeUserId?: string;
  remindedAt?: string;
  escalatedAt?: string;
}
const followupsOf = (tenant: TestTenant, customerId: string) => listAll<Followup>(`/v1/customers/${customerId}/followups`, tenant.token);

/** A due time on the minute, `hours` from now (the reminder job reads due work up to its instant). */
const dueIn = (hours: number) => Math.ceil((Date.now() + hours * HOUR) / 60_000) * 60_000;

describe('followup-reminders', () => {
  it('tells the assignee once when a follow-up is due and not before, and the managers once when it is still open a day later', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const manager = await newStaff(tenant, 'manager');
    const customer = await newCustomer(tenant.token);
    const due = dueIn(30);
    const created = await post(`/v1/customers/${customer.id}/followups`, { dueAt: at(due), title: '回访新茶口感', assigneeUserId: agent.id }, tenant.token);
    expect(created.status, created.text).toBe(201);

    await runJob('followup-reminders', at(due - 5 * 60_000));
    const early = { events: await eventsOf(tenant, 'followup.due'), notifications: await notificationsOf(agent.token) };
    await runJob('followup-reminders', at(due + 60_000));
    await runJob('followup-reminders', at(due + 6 * 60_000));
    const reminded = { events: await eventsOf(tenant, 'followup.due'), agent: await notificationsOf(agent.token), manager: await notificationsOf(manager.token) };
    await runJob('followup-reminders', at(due + 23 * HOUR));
    const beforeEscalation = await eventsOf(tenant, 'followup.overdue');
    await runJob('followup-reminders', at(due + 24 * HOUR + 60_000));
    await runJob('followup-reminders', at(due + 24 * HOUR + 6 * 60_000));

    expect(early.events).toEqual([]);
    expect(early.notifications).toEqual([]);
    expect(reminded.events).toHaveLength(1);
    expect(reminded.events[0]!.data).toMatchObject({ customerId: customer.id, recordId: created.body.id, assigneeUserId: agent.id });
    expect(reminded.agent).toEqual([expect.objectContaining({ kind: 'followup_due', customerId: customer.id, read: false, title: expect.stringContaining('回访新茶口感') })]);
    expect(reminded.manager).toEqual([]);
    expect(beforeEscalation).toEqual([]);
    expect(await eventsOf(tenant, 'followup.overdue')).toHaveLength(1);
    expect(await eventsOf(tenant, 'followup.due')).toHaveLength(1);
    const managerSees = await notificationsOf(manager.token);
    const ownerSees = await notificationsOf(tenant.token);
    expect(managerSees.map((notification) => notification.kind)).toEqual(['followup_overdue']);
    expect(ownerSees.map((notification) => notification.kind)).toEqual(['followup_overdue']);
    expect((await notificationsOf(agent.token)).map((notification) => notification.kind)).toEqual(['followup_due']);
    const [followup] = await followupsOf(tenant, customer.id);
    expect(followup).toMatchObject({ status: 'open', remindedAt: at(due + 60_000), escalatedAt: at(due + 24 * HOUR + 60_000) });
  });

  it('tells the managers when a follow-up has neither assignee nor customer owner, and nobody about one closed before it was due', async () => {
    const tenant = await newTenant();
    const manager = await newStaff(tenant, 'manager');
    const customer = await newCustomer(tenant.token);
    const due = dueIn(40);
    const nobodys = await post(`/v1/customers/${customer.id}/followups`, { dueAt: at(due), title: 'Call about the renewal' }, tenant.token);
    const closed = await post(`/v1/customers/${customer.id}/followups`, { dueAt: at(due), title: 'Already handled' }, tenant.token);
    expect((await patch(`/v1/customers/${customer.id}/followups/${closed.body.id}`, { status: 'done', outcome: 'Called early' }, tenant.token)).status).toBe(200);

    await runJob('followup-reminders', at(due + 60_000));
    await runJob('followup-reminders', at(due + 25 * HOUR));

    const due_ = await eventsOf(tenant, 'followup.due');
    expect(due_.map((event) => event.data.recordId)).toEqual([nobodys.body.id]);
    expect((await eventsOf(tenant, 'followup.overdue')).map((event) => event.data.recordId)).toEqual([nobodys.body.id]);
    // Unread first: the newer overdue notice and the due one, both unread, newest first.
    expect((await notificationsOf(manager.token)).map((notification) => notification.kind)).toEqual(['followup_overdue', 'followup_due']);
    const closedNow = await get(`/v1/customers/${customer.id}/followups/${closed.body.id}`, tenant.token);
    expect(closedNow.body.remindedAt).toBeUndefined();
  });

  it('reminds a follow-up written when it was already due (due three days ago) at the next run', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const customer = await newCustomer(tenant.token);
    const late = await post(`/v1/customers/${customer.id}/followups`, { dueAt: at(Date.now() - 72 * HOUR), title: 'Call back about the refund', assigneeUserId: agent.id }, tenant.token);
    expect(late.status, late.text).toBe(201);

    await runJob('followup-reminders', at(dueIn(0) + 60_000));

    expect((await eventsOf(tenant, 'followup.due')).map((event) => event.data.recordId)).toEqual([late.body.id]);
    expect((await notificationsOf(agent.token)).map((notification) => notification.kind)).toEqual(['followup_due']);
  });

  it('marks a notification read, keeps unread ones first, and answers 404 for a notification that is not the caller’s', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const customer = await newCustomer(tenant.token);
    const due = dueIn(50);
    for (const title of ['First', 'Second']) {
      await post(`/v1/customers/${customer.id}/followups`, { dueAt: at(due), title, assigneeUserId: agent.id }, tenant.token);
    }
    await runJob('followup-reminders', at(due + 60_000));
    const [newest, oldest] = await notificationsOf(agent.token);

    const read = await post(`/v1/notifications/${newest!.id}/read`, {}, agent.token);
    const again = await post(`/v1/notifications/${newest!.id}/read`, {}, agent.token);
    const other = await newTenant();

    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ id: newest!.id, read: true });
    expect(again.body).toEqual(read.body);
    expect((await notificationsOf(agent.token)).map((notification) => [notification.id, notification.read])).toEqual([
      [oldest!.id, false],
      [newest!.id, true],
    ]);
    expectProblem(await post(`/v1/notifications/${oldest!.id}/read`, {}, other.token), 404, 'not-found');
    expectProblem(await post(`/v1/notifications/${oldest!.id}/read`, {}, tenant.token), 404, 'not-found');
  });
});

describe('care rules', () => {
  /** The follow-ups Dossier scheduled for `event`, after handing the event to its consumers once more. */
  const careFor = async (tenant: TestTenant, customerId: string, eventId: string) => {
    const redelivered = await post('/_local/redeliver', { eventId });
    expect(redelivered.status, redelivered.text).toBe(200);
    return (await followupsOf(tenant, customerId)).filter((followup) => followup.occasion === `care:${eventId}`);
  };

  it('follows up 3 days after a first purchase, once however often the event arrives, and not after the second', async () => {
    const tenant = await newTenant();
    const agent = await newStaff(tenant, 'agent');
    const customer = await newCustomer(tenant.token, { ownerUserId: agent.id });
    await post(`/v1/customers/${customer.id}/transactions`, purchase(8800), tenant.token);
    await post(`/v1/customers/${customer.id}/transactions`, purchase(1200), tenant.token);
    await drain();

    const [firstPurchase, secondPurchase] = (await eventsOf(tenant, 'stage.changed')).filter((event) => event.data.customerId === customer.id);
    const care = await careFor(tenant, customer.id, firstPurchase!.id);

    expect(firstPurchase!.data).toMatchObject({ from: 'prospect', to: 'new' });
    expect(secondPurchase!.data).toMatchObject({ from: 'new', to: 'repeat' });
    expect(await careFor(tenant, customer.id, secondPurchase!.id)).toEqual([]);
    expect(care).toHaveLength(1);
    expect(care[0]).toMatchObject({ status: 'open', assigneeUserId: agent.id, dueAt: at(Date.parse(firstPurchase!.occurredAt) + 72 * HOUR) });
    expect(await followupsOf(tenant, customer.id)).toHaveLength(1);
  });

  it('checks satisfaction 7 days after a complaint is resolved, once, and never for a resolved suggestion', async () => {
    const tenant = await newTenant();
    const customer = await newCustomer(tenant.token);
    const complaint = await post(`/v1/customers/${customer.id}/feedback`, { type: 'complaint', content: '茶凉了' }, tenant.token);
    const suggestion = await post(`/v1/customers/${customer.id}/feedback`, { type: 'suggestion', content: 'Open earlier' }, tenant.token);
    for (const feedback of [complaint, suggestion]) {
      const resolved = await patch(`/v1/customers/${customer.id}/feedback/${feedback.body.id}`, { status: 'resolved', resolution: '已致歉并补偿' }, tenant.token);
      expect(resolved.status, resolved.text).toBe(200);
    }
    await drain();

    const resolvedEvents = await eventsOf(tenant, 'feedback.resolved');
    const ofComplaint = resolvedEvents.find((event) => event.data.recordId === complaint.body.id)!;
    const ofSuggestion = resolvedEvents.find((event) => event.data.recordId === suggestion.body.id)!;
    const care = await careFor(tenant, customer.id, ofComplaint.id);
    const none = await careFor(tenant, customer.id, ofSuggestion.id);

    expect(care).toHaveLength(1);
    expect(care[0]).toMatchObject({ title: '投诉处理满意度回访', dueAt: at(Date.parse(ofComplaint.occurredAt) + 7 * 24 * HOUR) });
    expect(care[0]!.assigneeUserId).toBeUndefined();
    expect(none).toEqual([]);
    expect(await followupsOf(tenant, customer.id)).toHaveLength(1);
  });

  it('plans a win-back when a customer turns at_risk, once, and nothing for a rule the tenant turned off', async () => {
    const tenant = await newTenant();
    const quiet = await newCustomer(tenant.token);
    const off = await newTenant();
    const turnedOff = await patch('/v1/tenant/settings', { followupRules: { whenAtRisk: { enabled: false }, afterFirstPurchase: { enabled: false } } }, off.token);
    expect(turnedOff.status, turnedOff.text).toBe(200);
    const quietElsewhere = await newCustomer(off.token);
    for (const [owner, customer] of [[tenant, quiet], [off, quietElsewhere]] as const) {
      for (const amount of [9000, 8000, 7000]) await post(`/v1/customers/${customer.id}/transactions`, purchase(amount, daysAgo(1)), owner.token);
    }

    const later = daysAgo(-120);
    await runJob('refresh-customer-scores', later);
    await drain();

    const [turned] = (await eventsOf(tenant, 'stage.changed')).filter((event) => event.data.customerId === quiet.id && event.data.to === 'at_risk');
    const care = await careFor(tenant, quiet.id, turned!.id);
    const [turnedElsewhere] = (await eventsOf(off, 'stage.changed')).filter((event) => event.data.to === 'at_risk');

    expect(care).toHaveLength(1);
    expect(care[0]).toMatchObject({ title: '流失预警：挽回客户', dueAt: turned!.occurredAt });
    expect((await followupsOf(tenant, quiet.id)).filter((followup) => followup.occasion?.startsWith('care:'))).toHaveLength(2);
    expect(turnedElsewhere).toBeDefined();
    expect(await followupsOf(off, quietElsewhere.id)).toEqual([]);
  });
});
