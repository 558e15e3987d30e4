import { claimMessage, consentsTo, messageSent } from '#shared/domain/records/messages';
import type { RequestMeta } from '#shared/domain/request-meta';
import { getCustomer } from '#shared/data/customer-repository';
import { getRecord } from '#shared/data/record-repository';
import type { TenantScope } from '#shared/data/tenant-scope';
import { channelFor } from '#shared/notify/channels';
import type { TenantWork } from '#shared/runtime/work-queue';
import { systemCaller } from './caller.ts';
import { openCustomerValues } from './customer-secrets.ts';
import { dispatchDueRecords, handleDueRecords, type RecordRef } from './due-record-work.ts';
import { reviseRecord } from './record-changes.ts';

/**
 * Sends one queued message of a customer that is due at `now`: claimed for two minutes (so two
 * senders never send it at once), its address opened from the customer's file only now, sent
 * through the channel's adapter, and marked sent or failed. Consent is checked again at this
 * moment: a message held overnight does not go to a customer who withdrew it meanwhile.
 */
export const sendDueMessage = async (scope: TenantScope, ref: RecordRef, meta: RequestMeta): Promise<void> => {
  const caller = systemCaller(scope, meta);
  const before = await getRecord(scope, 'messages', ref, true);
  if (!before) return;
  const claimed = await reviseRecord(caller, { kind: 'messages', ...ref }, claimMessage);
  if (claimed.version === before.version) return;
  const customer = await getCustomer(scope, ref.customerId, true);
  const addressPath = claimed.channel === 'sms' ? 'phone' : 'email';
  const sealed = customer?.file.sealed[addressPath];
  const finalFailure = (error: string) => reviseRecord(caller, { kind: 'messages', ...ref }, (record, now) => messageSent(record, now, { ok: false, error, final: true }));
  if (!customer || !sealed) {
    await finalFailure(`The customer has no ${addressPath} on file any more`);
    return;
  }
  if (!consentsTo(customer.file.plain.consent, claimed.channel)) {
    await finalFailure('The customer withdrew consent to these messages');
    return;
  }
  const { [addressPath]: to } = await openCustomerValues(scope, ref.customerId, { [addressPath]: sealed });
  let outcome: { ok: true } | { ok: false; error: string };
  try {
    await channelFor(claimed.channel).send({ id: claimed.id, channel: claimed.channel, to: to!, subject: claimed.subject, text: claimed.text, tenantId: scope.tenantId });
    outcome = { ok: true };
  } catch (error) {
    outcome = { ok: false, error: (error as Error).message.slice(0, 300) };
  }
  await reviseRecord(caller, { kind: 'messages', ...ref }, (record, now) => messageSent(record, now, outcome));
};

/** `send-messages` (every minute): messages to customers that are due, a unit of work per tenant. */
export const dispatchMessages = (job: RequestMeta) => dispatchDueRecords({ name: 'send-messages', queue: 'message' }, job);

export const sendTenantMessages = (work: TenantWork, meta: RequestMeta) => handleDueRecords(work, sendDueMessage, meta);
