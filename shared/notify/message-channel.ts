/**
 * How a message reaches a customer: one interface, an adapter per channel (email through SES v2,
 * SMS through SNS in AWS; files in the data directory's outbox on a laptop). The flows decide
 * what to send and when (consent, quiet hours, templates); a channel only carries it.
 */
export type ChannelName = 'sms' | 'email';

export interface OutgoingMessage {
  /** The message's id: a channel that is asked twice for one id may send it twice, never loses it. */
  id: string;
  channel: ChannelName;
  /** The real address (E.164 phone, email), opened from the customer's file just before sending. */
  to: string;
  subject?: string | undefined;
  text: string;
  tenantId: string;
}

export interface MessageChannel {
  send(message: OutgoingMessage): Promise<{ providerId?: string }>;
}
