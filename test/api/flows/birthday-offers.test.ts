import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, listAll, patch, post } from '#test/fixtures/api-client';
import { e164Of, newCustomer } from '#test/fixtures/customers';
import { ownRuntime } from '#test/fixtures/own-runtime';
import { newTenant, type TestTenant } from '#test/fixtures/tenants';
import { drain, newWebhook, runJob, startReceiver, type Receiver } from '#test/fixtures/webhook-receiver';

/**
 * `birthday-offers` gives every tenant whose local hour is its send hour the day's birthdays: it
 * acts on all tenants of the runtime, so the suite has a runtime of its own.
 */
ownRuntime('birthdays');

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

interface OutboxFile {
  id: string;
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  text: string;
  tenantId: string;
}

const outboxOf = async (tenant: TestTenant): Promise<OutboxFile[]> => {
  const answer = await get(`/_local/outbox?tenantId=${tenant.id}`);
  expect(answer.status).toBe(200);
  return answer.body.items;
};

const couponsOf = (tenant: TestTenant, customerId: string) =>
  listAll<{ id: string; code: string; occasion?: string; couponKind: string; value: number; expiresAt: string }>(`/v1/customers/${customerId}/coupons`, tenant.token);

const messagesOf = (tenant: TestTenant, customerId: string) =>
  listAll<{ id: string; channel: string; status: string; to: string; text: string; subject?: string; dueAt: string; sentAt?: string; sourceId?: string; error?: string }>(
    `/v1/customers/${customerId}/messages`,
    tenant.token,
  );

const eventsOf = async (tenant: TestTenant, type: string) => (await get(`/_local/events?tenantId=${tenant.id}&type=${type}`)).body.items as { id: string; data: Record<string, unknown> }[];

/** A tenant with the birthday offer turned on (it is off until a tenant chooses it). */
const offeringTenant = async (offer: Record<string, unknown> = {}, signUp: Record<string, unknown> = {}) => {
  const tenant = await newTenant(signUp);
  const settings = await patch('/v1/tenant/settings', { birthdayOffer: { enabled: true, kind: 'amount', value: 2000, validDays: 30, ...offer } }, tenant.token);
  expect(settings.status, settings.text).toBe(200);
  return tenant;
};

const smsOnly = { marketingSms: true, marketingEmail: false };
const emailOnly = { marketingSms: false, marketingEmail: true };
const noConsent = { marketingSms: false, marketingEmail: false };

/** The tenant-local date `days` from now in Shanghai (UTC+8, no daylight saving), as YYYY-MM-DD. */
const shanghaiDateIn = (days: number): string => new Date(Date.now() + days * 24 * 3600 * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10);
/** The UTC instant of `hour`:00 Shanghai time on `date`. */
const shanghaiHour = (date: string, hour: number): string => new Date(Date.parse(`${date}T00:00:00.000Z`) + (hour - 8) * 3600 * 1000).toISOString();

describe('birthday-offers', () => {
  it('at 09:00 Shanghai gives exactly the consenting customers born that day one coupon, one event and one message each; a rerun changes nothing', async () => {
    const tenant = await offeringTenant();
    const webhook = await newWebhook(tenant.token, receiver.url, ['birthday_offer.issued']);
    const bySms = await newCustomer(tenant.token, { birthday: '1990-05-14', consent: smsOnly });
    const byEmail = await newCustomer(tenant.token, { birthday: '1985-05-14', consent: emailOnly });
    const unwilling = await newCustomer(tenant.token, { birthday: '1992-05-14', consent: noConsent });
    const tomorrow = await newCustomer(tenant.token, { birthday: '1990-05-15', consent: smsOnly });

    await runJob('birthday-offers', shanghaiHour('2027-05-14', 8));
    expect(await couponsOf(tenant, bySms.id)).toEqual([]);

    await runJob('birthday-offers', shanghaiHour('2027-05-14', 9));
    await drain();
    const served = { sms: await couponsOf(tenant, bySms.id), email: await couponsOf(tenant, byEmail.id) };
    const files = await outboxOf(tenant);
    const verified = receiver.verifiedWith(webhook.secret).filter((request) => request.event.tenantId === tenant.id);

    // The hour again, and later that day: nothing new anywhere.
    await runJob('birthday-offers', shanghaiHour('2027-05-14', 9));
    await runJob('birthday-offers', shanghaiHour('2027-05-14', 10));
    await drain();

    expect(served.sms).toHaveLength(1);
    expect(served.email).toHaveLength(1);
    expect(served.sms[0]).toMatchObject({ couponKind: 'amount', value: 2000, occasion: 'birthday-2027' });
    expect(Date.parse(served.sms[0]!.expiresAt) - Date.parse(shanghaiHour('2027-05-14', 9))).toBe(30 * 24 * 3600 * 1000);
    expect(await couponsOf(tenant, unwilling.id)).toEqual([]);
    expect(await couponsOf(tenant, tomorrow.id)).toEqual([]);
    expect(await couponsOf(tenant, bySms.id)).toEqual(served.sms);
    expect(await couponsOf(tenant, byEmail.id)).toEqual(served.email);

    const events = await eventsOf(tenant, 'birthday_offer.issued');
    expect(events.map((event) => event.data.customerId).sort()).toEqual([bySms.id, byEmail.id].sort());
    expect(verified.map((request) => request.event.data.recordId).sort()).toEqual([served.sms[0]!.id, served.email[0]!.id].sort());
    expect(receiver.received.filter((request) => request.event.tenantId === tenant.id)).toHaveLength(2);

    expect(files).toHaveLength(2);
    expect(await outboxOf(tenant)).toEqual(files);
    const sms = files.find((file) => file.channel === 'sms')!;
    const email = files.find((file) => file.channel === 'email')!;
    expect(sms.to).toBe(e164Of(bySms.body.phone));
    expect(sms.text).toContain(served.sms[0]!.code);
    expect(sms.text).toContain(bySms.body.name);
    expect(sms.subject).toBeUndefined();
    expect(email.to).toBe(byEmail.body.email);
    expect(email.subject).toEqual(expect.any(String));
    expect(email.text).toContain(served.email[0]!.code);

    const [message] = await messagesOf(tenant, bySms.id);
    expect(message).toMatchObject({ channel: 'sms', status: 'sent', sourceId: served.sms[0]!.id });
    expect(message!.to).not.toBe(sms.to);
    expect(await messagesOf(tenant, unwilling.id)).toEqual([]);
  });

  it('celebrates 29 February on 28 February in other years, or on 1 March where the tenant says so, and on the day itself in leap years', async () => {
    const feb28 = await offeringTenant();
    const mar1 = await offeringTenant({ leapDayOn: 'mar1' });
    const early = await newCustomer(feb28.token, { birthday: '2000-02-29', consent: smsOnly });
    const late = await newCustomer(mar1.token, { birthday: '2000-02-29', consent: smsOnly });

    await runJob('birthday-offers', shanghaiHour('2027-02-28', 9));
    const onThe28th = { early: await couponsOf(feb28, early.id), late: await couponsOf(mar1, late.id) };
    await runJob('birthday-offers', shanghaiHour('2027-03-01', 9));
    const onThe1st = { early: await couponsOf(feb28, early.id), late: await couponsOf(mar1, late.id) };
    await runJob('birthday-offers', shanghaiHour('2028-02-28', 9));
    await runJob('birthday-offers', shanghaiHour('2028-02-29', 9));
    await runJob('birthday-offers', shanghaiHour('2028-03-01', 9));

    expect(onThe28th.early.map((coupon) => coupon.occasion)).toEqual(['birthday-2027']);
    expect(onThe28th.late).toEqual([]);
    expect(onThe1st.early).toEqual(onThe28th.early);
    expect(onThe1st.late.map((coupon) => coupon.occasion)).toEqual(['birthday-2027']);
    // 2028 is a leap year: the day itself, whatever the setting.
    const leapYear = { early: await couponsOf(feb28, early.id), late: await couponsOf(mar1, late.id) };
    expect(leapYear.early.map((coupon) => coupon.occasion).sort()).toEqual(['birthday-2027', 'birthday-2028']);
    expect(leapYear.late.map((coupon) => coupon.occasion).sort()).toEqual(['birthday-2027', 'birthday-2028']);
    const eventsOfLeapYear = (await eventsOf(feb28, 'birthday_offer.issued')).filter((event) => leapYear.early.find((coupon) => coupon.id === event.data.recordId)?.occasion === 'birthday-2028');
    expect(eventsOfLeapYear).toHaveLength(1);
  });

  it('serves a tenant in America/New_York at its own 09:00, in winter (UTC−5) and in summer (UTC−4), after it moved there', async () => {
    const tenant = await offeringTenant();
    const moved = await patch('/v1/tenant', { timezone: 'America/New_York', locale: 'en-US' }, tenant.token);
    expect(moved.status, moved.text).toBe(200);
    const worded = await patch('/v1/tenant/settings', { templates: { birthdayGreeting: { text: 'Hi {name}! Code {couponCode}, good until {validUntil}. — {tenantName}' } } }, tenant.token);
    expect(worded.status, worded.text).toBe(200);
    const january = await newCustomer(tenant.token, { birthday: '1979-01-12', consent: smsOnly });
    const july = await newCustomer(tenant.token, { birthday: '1979-07-12', consent: smsOnly });

    // 09:00 in Shanghai, where it was: not its hour any more.
    await runJob('birthday-offers', shanghaiHour('2027-01-12', 9));
    await runJob('birthday-offers', '2027-01-12T13:00:00.000Z');
    const beforeItsHour = await couponsOf(tenant, january.id);
    await runJob('birthday-offers', '2027-01-12T14:00:00.000Z');
    const winter = await couponsOf(tenant, january.id);

    await runJob('birthday-offers', '2027-07-12T12:00:00.000Z');
    const beforeSummerHour = await couponsOf(tenant, july.id);
    await runJob('birthday-offers', '2027-07-12T13:00:00.000Z');
    const summer = await couponsOf(tenant, july.id);

    expect(beforeItsHour).toEqual([]);
    expect(winter).toHaveLength(1);
    // Its own wording, its dates in its language and zone: 30 days from 12 January, 09:00 New York.
    const [greeting] = (await outboxOf(tenant)).filter((file) => file.text.includes(winter[0]!.code));
    expect(greeting!.text).toBe(`Hi ${january.body.name}! Code ${winter[0]!.code}, good until February 11, 2027. — ${moved.body.name}`);
    expect(beforeSummerHour).toEqual([]);
    expect(summer).toHaveLength(1);
    expect(await couponsOf(tenant, january.id)).toEqual(winter);
  });

  it("holds an SMS due in the tenant's quiet hours until they end, and sends none to a customer who withdrew consent meanwhile", async () => {
    const tenant = await offeringTenant({ sendHour: 23 });
    const day = shanghaiDateIn(2);
    const birthday = `1991-${day.slice(5)}`;
    const keeps = await newCustomer(tenant.token, { birthday, consent: smsOnly });
    const withdraws = await newCustomer(tenant.token, { birthday, consent: smsOnly });

    await runJob('birthday-offers', shanghaiHour(day, 23));
    const heldOvernight = await outboxOf(tenant);
    const queued = await messagesOf(tenant, keeps.id);
    const withdrawn = await patch(`/v1/customers/${withdraws.id}`, { consent: { marketingSms: false } }, tenant.token);
    expect(withdrawn.status, withdrawn.text).toBe(200);

    const morning = shanghaiHour(shanghaiDateIn(3), 8);
    await runJob('send-messages', new Date(Date.parse(morning) - 60_000));
    const justBefore = await outboxOf(tenant);
    await runJob('send-messages', morning);
    await runJob('send-messages', new Date(Date.parse(morning) + 60_000));

    expect(await couponsOf(tenant, keeps.id)).toHaveLength(1);
    expect(heldOvernight).toEqual([]);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ status: 'queued', dueAt: morning });
    expect(justBefore).toEqual([]);
    const sent = await outboxOf(tenant);
    expect(sent.map((file) => file.to)).toEqual([e164Of(keeps.body.phone)]);
    expect((await messagesOf(tenant, keeps.id))[0]).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    expect((await messagesOf(tenant, withdraws.id))[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/consent/) });
  });

  it("goes on with other tenants while one tenant's unit of work keeps failing, and serves that one once it heals", async () => {
    const failing = await offeringTenant();
    const healthy = await offeringTenant();
    const day = '2027-08-08';
    const stuck = await newCustomer(failing.token, { birthday: '1988-08-08', consent: smsOnly });
    const served = await newCustomer(healthy.token, { birthday: '1988-08-08', consent: smsOnly });
    expect((await post('/_local/work', { job: 'birthday-offers', tenantId: failing.id, failing: true })).status).toBe(200);

    await runJob('birthday-offers', shanghaiHour(day, 9));
    const whileFailing = { stuck: await couponsOf(failing, stuck.id), served: await couponsOf(healthy, served.id) };
    expect((await post('/_local/work', { job: 'birthday-offers', tenantId: failing.id, failing: false })).status).toBe(200);
    await runJob('birthday-offers', shanghaiHour(day, 9));

    expect(whileFailing.stuck).toEqual([]);
    expect(whileFailing.served).toHaveLength(1);
    expect(await couponsOf(failing, stuck.id)).toHaveLength(1);
    expect(await couponsOf(healthy, served.id)).toEqual(whileFailing.served);
  });
});
