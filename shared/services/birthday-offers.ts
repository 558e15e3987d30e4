import { birthdaysCelebratedOn, inQuietHours, localTimeOf, nextLocalHour } from '#shared/domain/calendar';
import { readableDate, renderTemplate, templateFor } from '#shared/domain/message-templates';
import { coupons } from '#shared/domain/records/coupons';
import { greetingChannelOf, messages } from '#shared/domain/records/messages';
import type { RequestMeta } from '#shared/domain/request-meta';
import { isDossierError } from '#shared/domain/errors';
import type { Tenant } from '#shared/domain/tenant';
import { listCustomersByBirthday, type ListedCustomer } from '#shared/data/customer-listings';
import { customerExistsStep } from '#shared/data/customer-steps';
import { outboxStep } from '#shared/data/outbox';
import type { StartKey } from '#shared/data/pagination';
import { occasionGuardStep, putRecordSteps } from '#shared/data/record-repository';
import { birthdaySlots, getTenant, tenantsInBirthdaySlot } from '#shared/data/tenant-repository';
import { scopeOfTenant, type TenantScope } from '#shared/data/tenant-scope';
import { transactWrite } from '#shared/data/transactions';
import { newEvent } from '#shared/events/event-catalogue';
import { newCode, newId } from '#shared/runtime/ids';
import { logger } from '#shared/runtime/logger';
import { workQueue, type TenantWork } from '#shared/runtime/work-queue';
import { blindIndexOf } from './customer-secrets.ts';
import { sendDueMessage } from './customer-messages.ts';

/**
 * `birthday-offers` (hourly). The job reads the birthday send slots — the (time zone, send hour)
 * pairs tenants with the offer on are in — keeps those whose local hour is now their send hour,
 * and queues a unit of work for each of their tenants: its cost follows the tenants due, not all.
 * A tenant's unit finds today's birthdays in the tenant's zone through the birthday blind index
 * (cost ∝ customers born that day) and gives each consenting customer one coupon a year and a
 * greeting by their channel.
 */
const JOB = 'birthday-offers';

export const dispatchBirthdayOffers = async (job: RequestMeta): Promise<{ slots: number; tenants: number }> => {
  let slots = 0;
  let tenants = 0;
  let slotPage: StartKey | undefined;
  do {
    const page = await birthdaySlots({ limit: 200, startKey: slotPage });
    for (const slot of page.items.filter((candidate) => candidate.tenants > 0 && localTimeOf(job.now, candidate.timeZone).hour === candidate.sendHour)) {
      slots += 1;
      let tenantPage: StartKey | undefined;
      do {
        const members = await tenantsInBirthdaySlot(slot, { limit: 100, startKey: tenantPage });
        await workQueue().send(members.items.map((tenantId) => ({ job: JOB, tenantId, at: job.now.toISOString() })));
        tenants += members.items.length;
        tenantPage = members.lastKey;
      } while (tenantPage);
    }
    slotPage = page.lastKey;
  } while (slotPage);
  return { slots, tenants };
};

/**
 * This year's birthday coupon for one customer, and their greeting, written together with the
 * `birthday_offer.issued` event; a guard keyed by the year makes a second run of the hour (or of
 * the day) write nothing. Answers undefined when it was issued already, else the greeting to send
 * now, if any (one held for the morning is sent by `send-messages`).
 */
const issueBirthdayOffer = async (scope: TenantScope, request: { tenant: Tenant; customer: ListedCustomer; year: number }, meta: RequestMeta) => {
  const { tenant, customer } = request;
  const { card } = customer;
  const offer = tenant.settings.birthdayOffer;
  const context = { customerId: customer.id, now: meta.now, actorId: 'system', settings: tenant.settings };
  const coupon = { ...coupons.build({ kind: offer.kind, value: offer.value, validDays: offer.validDays, title: offer.message }, { ...context, id: newId('coupon', meta.now.getTime()), token: newCode() }), occasion: `birthday-${request.year}` };
  const channel = greetingChannelOf({ consent: card.consent, preferences: { contactChannel: card.contactChannel }, hasPhone: card.phone !== undefined, hasEmail: card.email !== undefined });
  const greeting = channel
    ? (() => {
        const local = localTimeOf(meta.now, tenant.timezone);
        // No SMS at night in the tenant's zone: it waits for the end of the quiet hours.
        const held = channel === 'sms' && inQuietHours(local.hour, tenant.settings.notifications.quietHours);
        const dueAt = held ? nextLocalHour(meta.now, tenant.timezone, tenant.settings.notifications.quietHours.end) : meta.now;
        const text = renderTemplate(templateFor('birthdayGreeting', tenant), {
          name: card.name,
          couponCode: coupon.code,
          validUntil: readableDate(new Date(coupon.expiresAt), tenant.locale, tenant.timezone),
          tenantName: tenant.name,
        }, channel);
        return messages.build(
          { purpose: 'birthday_greeting', channel, to: (channel === 'sms' ? card.phone : card.email) ?? '', ...text, dueAt: dueAt.toISOString(), sourceId: coupon.id },
          { ...context, id: newId('message', dueAt.getTime()), token: newCode() },
        );
      })()
    : undefined;
  const event = newEvent(scope.tenantId, { type: 'birthday_offer.issued', data: { customerId: customer.id, recordId: coupon.id, couponKind: coupon.couponKind, value: coupon.value, expiresAt: coupon.expiresAt } }, meta.now);
  try {
    await transactWrite(scope, [
      ...putRecordSteps(scope, coupon),
      occasionGuardStep(scope, customer.id, coupon.occasion),
      ...(greeting ? putRecordSteps(scope, greeting) : []),
      customerExistsStep(scope, customer.id),
      ...outboxStep(scope, [event]),
    ]);
  } catch (error) {
    // This year's coupon was given already (a rerun of the hour): nothing more to do.
    if (isDossierError(error) && error.code === 'duplicate' && error.extensions?.field === 'occasion') return undefined;
    throw error;
  }
  return { greeting: greeting && Date.parse(greeting.dueAt) <= meta.now.getTime() ? greeting : undefined };
};

export interface BirthdayRun {
  /** Customers born today (by the tenant's calendar) the blind index found. */
  born: number;
  /** Coupons issued by this run: reruns issue none. */
  issued: number;
  failed: number;
}

/** One tenant's birthdays of the day, at its send hour: what it found, issued and failed. */
export const serveBirthdays = async (work: TenantWork, meta: RequestMeta): Promise<BirthdayRun> => {
  const run: BirthdayRun = { born: 0, issued: 0, failed: 0 };
  const scope = scopeOfTenant(work.tenantId);
  const tenant = await getTenant(scope);
  const offer = tenant?.settings.birthdayOffer;
  if (!tenant || !offer?.enabled) return run;
  const local = localTimeOf(meta.now, tenant.timezone);
  // The tenant moved its send hour or zone since the job read its slot: not its hour any more.
  if (local.hour !== offer.sendHour) return run;
  for (const monthDay of birthdaysCelebratedOn(local, offer.leapDayOn)) {
    const blindIndex = await blindIndexOf(scope, 'birthday-md', monthDay);
    let startKey: StartKey | undefined;
    do {
      const page = await listCustomersByBirthday(scope, blindIndex, { limit: 100, startKey });
      run.born += page.items.length;
      for (const customer of page.items) {
        const consent = customer.card.consent;
        if (!consent.marketingSms && !consent.marketingEmail) continue;
        try {
          const issued = await issueBirthdayOffer(scope, { tenant, customer, year: local.year }, meta);
          if (!issued) continue;
          run.issued += 1;
          if (issued.greeting) await sendDueMessage(scope, { customerId: issued.greeting.customerId, recordId: issued.greeting.id }, meta);
        } catch (error) {
          run.failed += 1;
          logger.warn('A birthday offer could not be issued', { customerId: customer.id, error: (error as Error).message });
        }
      }
      startKey = page.lastKey;
    } while (startKey);
  }
  return run;
};

/** The per-tenant unit of `birthday-offers`. */
export const offerBirthdayGifts = async (work: TenantWork, meta: RequestMeta): Promise<undefined> => {
  const run = await serveBirthdays(work, meta);
  logger.info('Birthday offers served', { ...run });
  // The queue tries the tenant again; the customers already served are skipped by their guards.
  if (run.failed > 0) throw new Error(`${run.failed} birthday offers of tenant ${work.tenantId} failed`);
  return undefined;
};
