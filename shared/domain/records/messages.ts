import * as z from 'zod';
import { defineRecordKind, recordBase, revised, type BuildContext, type RecordBase, type RecordChange } from './record-kind.ts';

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

export type MessageRecord = RecordBase<'messages'> &
  MessageDraft & { status: (typeof messageStatuses)[number]; attempts: number; sendingUntil?: string; sentAt?: string; error?: string };

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

/** The channel took the message; or it failed, and is tried twice more five minutes apart. */
export const messageSent = (record: MessageRecord, now: Date, outcome: { ok: true } | { ok: false; error: string }): RecordChange<MessageRecord> => {
  const attempts = record.attempts + 1;
  if (outcome.ok) return { record: revised(record, { status: 'sent', attempts, sentAt: now.toISOString(), sendingUntil: undefined }, now) };
  const gaveUp = attempts >= MAX_ATTEMPTS;
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
  build: buildMessage,
  due: (record) =>
    record.status === 'queued' ? { queue: 'message', at: record.dueAt } : record.status === 'sending' && record.sendingUntil ? { queue: 'message', at: record.sendingUntil } : undefined,
});
