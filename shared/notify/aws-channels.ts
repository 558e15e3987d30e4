import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { MessageChannel, OutgoingMessage } from './message-channel.ts';

/** Email through SES v2, from the stage's verified sender. */
export class SesEmailChannel implements MessageChannel {
  constructor(
    private readonly from: string,
    private readonly client: SESv2Client = new SESv2Client({}),
  ) {}

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: { Simple: { Subject: { Data: message.subject ?? '', Charset: 'UTF-8' }, Body: { Text: { Data: message.text, Charset: 'UTF-8' } } } },
        // Lets a bounce or complaint be traced to the tenant and the message without personal data.
        EmailTags: [
          { Name: 'tenant', Value: message.tenantId },
          { Name: 'message', Value: message.id },
        ],
      }),
    );
    return result.MessageId ? { providerId: result.MessageId } : {};
  }
}

/** SMS through SNS, as transactional messages (a greeting the customer consented to). */
export class SnsSmsChannel implements MessageChannel {
  constructor(private readonly client: SNSClient = new SNSClient({})) {}

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    const result = await this.client.send(
      new PublishCommand({
        PhoneNumber: message.to,
        Message: message.text,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
    return result.MessageId ? { providerId: result.MessageId } : {};
  }
}
