import path from 'node:path';
import { config } from '#shared/runtime/config';
import { SesEmailChannel, SnsSmsChannel } from './aws-channels.ts';
import { LocalOutboxChannel } from './local-outbox-channel.ts';
import type { ChannelName, MessageChannel } from './message-channel.ts';

let local: LocalOutboxChannel | undefined;
let aws: Record<ChannelName, MessageChannel> | undefined;

/** The local outbox (files under the data directory, or memory): what the local runtime lists. */
export const localOutbox = (): LocalOutboxChannel => {
  const { dataDir, inMemory } = config();
  return (local ??= new LocalOutboxChannel(inMemory ? undefined : path.join(dataDir, 'outbox')));
};

/** The channel adapter a message goes out through: SES/SNS in AWS (DOSSIER_NOTIFY=aws), the local outbox otherwise. */
export const channelFor = (channel: ChannelName): MessageChannel => {
  const settings = config();
  if (settings.notify !== 'aws') return localOutbox();
  aws ??= { email: new SesEmailChannel(settings.emailFrom ?? 'no-reply@dossier.invalid'), sms: new SnsSmsChannel() };
  return aws[channel];
};
