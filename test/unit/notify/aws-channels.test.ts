import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { SesEmailChannel, SnsSmsChannel } from '#shared/notify/aws-channels';

// SES and SNS cannot run here: the adapters are checked at their boundary, the client's `send`.
const recordingClient = <T>(answer: Record<string, unknown>) => {
  const sent: unknown[] = [];
  return { client: { send: async (command: unknown) => (sent.push(command), answer) } as unknown as T, sent };
};

const message = { id: 'msg_01', to: '+8613812345678', text: '张伟，生日快乐！', tenantId: 'ten_01' };

describe('the AWS message channels', () => {
  it('sends an SMS as a transactional SNS message to the phone number', async () => {
    const { client, sent } = recordingClient<SNSClient>({ MessageId: 'sns-1' });

    const result = await new SnsSmsChannel(client).send({ ...message, channel: 'sms' });

    expect(result).toEqual({ providerId: 'sns-1' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(PublishCommand);
    expect((sent[0] as PublishCommand).input).toEqual({
      PhoneNumber: '+8613812345678',
      Message: '张伟，生日快乐！',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
  });

  it('sends an email through SES v2 from the stage sender, UTF-8, tagged with tenant and message but no personal data', async () => {
    const { client, sent } = recordingClient<SESv2Client>({ MessageId: 'ses-1' });

    await new SesEmailChannel('hello@lotus.example', client).send({ ...message, channel: 'email', to: 'zhang.wei@example.com', subject: '生日快乐' });

    expect(sent[0]).toBeInstanceOf(SendEmailCommand);
    const input = (sent[0] as SendEmailCommand).input;
    expect(input.FromEmailAddress).toBe('hello@lotus.example');
    expect(input.Destination).toEqual({ ToAddresses: ['zhang.wei@example.com'] });
    expect(input.Content?.Simple).toEqual({ Subject: { Data: '生日快乐', Charset: 'UTF-8' }, Body: { Text: { Data: '张伟，生日快乐！', Charset: 'UTF-8' } } });
    expect(input.EmailTags).toEqual([
      { Name: 'tenant', Value: 'ten_01' },
      { Name: 'message', Value: 'msg_01' },
    ]);
  });

  it('lets a provider failure reach the sender, which marks the message for another attempt', async () => {
    const client = { send: async () => Promise.reject(new Error('Throttling')) } as unknown as SNSClient;
    await expect(new SnsSmsChannel(client).send({ ...message, channel: 'sms' })).rejects.toThrow('Throttling');
  });
});
