import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** How often a message is tried before it is parked in its dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

const secured = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;

/** Where failed work waits for a person: kept for the longest time SQS allows. */
export const deadLetterQueue = (scope: Construct, id: string): Queue =>
  new Queue(scope, id, { ...secured, retentionPeriod: Duration.days(14) });

/**
 * A queue in front of a function. The visibility timeout is six times the function's timeout, as
 * AWS advises for Lambda event sources, so a batch still running is never handed out twice.
 */
export const workQueue = (scope: Construct, id: string, props: { functionTimeout: Duration; deadLetterQueue: Queue }): Queue =>
  new Queue(scope, id, {
    ...secured,
    visibilityTimeout: Duration.seconds(props.functionTimeout.toSeconds() * 6),
    deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
  });
