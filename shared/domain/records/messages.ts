import * as z from 'zod';
import { IsoDateTimeSchema } from '../values.ts';
import { defineRecordKind, exampleBase, recordBase, recordBaseShape, revised, type BuildContext, type RecordChange } from './record-kind.ts';

/**
 * What Dossier sent (or will send) to a customer on the tenant's behalf — a birthday greeting by
 * SMS or email — kept in the customer's archive: `GET /v1/customers/{id}/messages`, and the
 * timeline. The recipient is kept masked; the address is opened from the customer's file only
 * when the message goes out. A queued message is due work until it is sent.
 */
export const messageChannels = ['sms', 'email'] as const;
export const messageStatuses = ['queued', 'sending', 'sent', 'failed'] as const;

/** Not a request body: messages are written by Dossier's own flows, never by a client. */
export const MessageDraftSchema = z.strictObject({
  purpose: z.enum(['birthday_greeting']),
  channel: z.enum(messageChannels),
  to: z.string(),
  subject: z.string().optional(),
  text: z.string(),
  dueAt: z.string(),
  sourceId: z.string().optional(),
});
export type MessageDraft = z.output<typeof MessageDraftSchema>;

export const MessageSchema = z
  .object({
    ...recordBaseShape('messages', 'message'),
    purpose: z.enum(['birthday_greeting']).describe('Why it was sent'),
    channel: z.enum(messageChannels),
    to: z.string().describe('The recipient, masked'),
    subject: z.string().optional(),
    text: z.string().describe('What was sent, placeholders filled in'),
    dueAt: IsoDateTimeSchema.describe('When it goes (or went) out: SMS due in the tenant’s quiet hours wait for the morning'),
    sourceId: z.string().optional().describe('What it was sent for (the birthday coupon)'),
    status: z.enum(messageStatuses),
    attempts: z.number().int(),
    sendingUntil: IsoDateTimeSchema.optional(),
    sentAt: IsoDateTimeSchema.optional(),
    error: z.string().optional(),
  })
  .meta({
    id: 'Message',
    description: 'A message Dossier sent to the customer on the tenant’s behalf (a birthday greeting), by SMS or email.',
    examples: [
      {
        id: 'msg_01JD3K7A8B9C0D1E2F3G4H5J6K',
        kind: 'messages',
        at: '2026-03-15T01:00:00.000Z',
        occurredAt: '2026-03-15T01:00:00.000Z',
        ...exampleBase,
        purpose: 'birthday_greeting',
        channel: 'sms',
        to: '+86 138****5678',
        text: '张伟，生日快乐！莲花茶馆送您一张优惠券：K7Q2M9XA，4月14日前有效。',
        dueAt: '2026-03-15T01:00:00.000Z',
        sourceId: 'cpn_01JD3K7A8B9C0D1E2F3G4H5J6K',
        status: 'sent',
        attempts: 1,
        sentAt: '2026-03-15T01:00:02.000Z',
      },
    ],
  });
export type MessageRecord = z.output<typeof MessageSchema>;

const buildMessage = (draft: MessageDraft, context: BuildContext): MessageRecord => ({
  ...recordBase('messages', context),
  ...draft,
  status: 'queued',
  attempts: 0,
});

/** A sender takes a due message for two minutes; one it did not finish by then is due again. */
const SENDING_MS = 2 * 60 * 1000;
const RETRY_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 3;

export const claimMessage = (record: MessageRecord, now: Date): RecordChange<MessageRecord> | undefined => {
  const due = record.status === 'queued' ? record.dueAt : record.status === 'sending' ? record.sendingUntil : undefined;
  if (!due || Date.parse(due) > now.getTime()) return undefined;
  return { record: revised(record, { status: 'sending', sendingUntil: new Date(now.getTime() + SENDING_MS).toISOString() }, now) };
};

/**
 * The channel took the message; or it failed, and is tried twice more five minutes apart; or it
 * must not go at all (`final`: the customer withdrew consent, has no address any more).
 */
export const messageSent = (
  record: MessageRecord,
  now: Date,
  outcome: { ok: true } | { ok: false; error: string; final?: boolean },
): RecordChange<MessageRecord> => {
  const attempts = record.attempts + 1;
  if (outcome.ok) return { record: revised(record, { status: 'sent', attempts, sentAt: now.toISOString(), sendingUntil: undefined }, now) };
  const gaveUp = outcome.final === true || attempts >= MAX_ATTEMPTS;
  return {
    record: revised(
      record,
      { status: gaveUp ? 'failed' : 'queued', attempts, error: outcome.error, sendingUntil: undefined, ...(gaveUp ? {} : { dueAt: new Date(now.getTime() + RETRY_MS * attempts).toISOString() }) },
      now,
    ),
  };
};

export const messages = defineRecordKind({
  name: 'messages',
  singular: 'message',
  idKind: 'message',
  prefix: 'MSG',
  inputSchemaFor: () => MessageDraftSchema,
  occurredAt: (draft) => draft.dueAt,
  schema: MessageSchema,
  build: buildMessage,
  due: (record) =>
    record.status === 'queued' ? { queue: 'message', at: record.dueAt } : record.status === 'sending' && record.sendingUntil ? { queue: 'message', at: record.sendingUntil } : undefined,
});

/** The channel a customer's greeting goes by: the one they prefer, else SMS, else email, among those they consented to and we have an address for. */
export const greetingChannelOf = (customer: {
  consent: { marketingSms: boolean; marketingEmail: boolean };
  preferences?: { contactChannel?: string | undefined } | undefined;
  hasPhone: boolean;
  hasEmail: boolean;
}): (typeof messageChannels)[number] | undefined => {
  const sms = customer.consent.marketingSms && customer.hasPhone;
  const email = customer.consent.marketingEmail && customer.hasEmail;
  const preferred = customer.preferences?.contactChannel;
  if (preferred === 'email' && email) return 'email';
  if ((preferred === 'sms' || preferred === 'phone') && sms) return 'sms';
  return sms ? 'sms' : email ? 'email' : undefined;
};

/** Whether the customer still consents to messages by this channel. */
export const consentsTo = (consent: { marketingSms: boolean; marketingEmail: boolean }, channel: (typeof messageChannels)[number]): boolean =>
  channel === 'sms' ? consent.marketingSms : consent.marketingEmail;
