import { Duration } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnQueuePolicy, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { WorkerRole } from '#functions/manifest';

/** How often a message is tried before it is parked in its dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

const encrypted = { encryption: QueueEncryption.SQS_MANAGED } as const;

/**
 * Every queue of the stack: SSE, TLS only, dead-letter queues kept for SQS's longest retention.
 * Queues that EventBridge sends to carry their own resource policy (the rule's grant and the TLS
 * rule); every other queue is covered by one shared TLS-only policy, since a policy per queue was
 * a tenth of the stack's resources. Failures are parked per execution role: one dead-letter queue
 * for the worker role's jobs, units of work and consumers, one for messaging, one for delivery,
 * one for the stream functions — each message says where it came from (the rule, queue or
 * stream in its attributes), and each queue has its own alarm.
 */
export class QueueFleet extends Construct {
  private readonly deadLetters = new Map<string, Queue>();
  /** The URLs the shared policy applies to: the same array the policy holds, filled as queues are made. */
  private readonly coveredUrls: string[] = [];
  private readonly tlsOnly = new PolicyStatement({
    effect: Effect.DENY,
    principals: [new AnyPrincipal()],
    actions: ['sqs:*'],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  });
  private readonly sharedDocument = new PolicyDocument({ statements: [this.tlsOnly] });

  /** The dead-letter queue of a worker role (or of the stream functions), created on first use. */
  deadLetterFor(role: WorkerRole | 'stream'): Queue {
    let queue = this.deadLetters.get(role);
    if (!queue) {
      const id = `${role[0]!.toUpperCase()}${role.slice(1)}Failures`;
      // Stream failures are sent by the event source mapping under the function's IAM role, and
      // nothing else writes to them: the shared policy covers them. The others are rule targets.
      queue = new Queue(this, id, { ...encrypted, retentionPeriod: Duration.days(14), enforceSSL: role !== 'stream' });
      if (role === 'stream') this.coverWithSharedPolicy(queue);
      NagSuppressions.addResourceSuppressions(queue, [
        {
          id: 'AwsSolutions-SQS3',
          reason: 'This queue is itself a dead-letter store: of EventBridge rules and asynchronous invocations (their DLQ settings), of the event source mapping of the table stream (its on-failure destination), and of work queues (their redrive policy). cdk-nag only recognizes DLQs named in a redrive policy.',
        },
      ]);
      this.deadLetters.set(role, queue);
    }
    return queue;
  }

  /** Every dead-letter queue made so far, by the role it serves. */
  deadLetterQueues(): ReadonlyMap<string, Queue> {
    return this.deadLetters;
  }

  /**
   * A queue in front of a function. The visibility timeout is six times the function's timeout, as
   * AWS advises for Lambda event sources, so a batch still running is never handed out twice.
   * `ruleTarget`: EventBridge sends to it, so it has a resource policy of its own.
   */
  workQueue(id: string, props: { functionTimeout: Duration; deadLetterQueue: Queue; ruleTarget: boolean }): Queue {
    const queue = new Queue(this, id, {
      ...encrypted,
      enforceSSL: props.ruleTarget,
      visibilityTimeout: Duration.seconds(props.functionTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    if (!props.ruleTarget) this.coverWithSharedPolicy(queue);
    return queue;
  }

  private coverWithSharedPolicy(queue: Queue): void {
    if (this.coveredUrls.length === 0) new CfnQueuePolicy(this, 'TlsOnly', { queues: this.coveredUrls, policyDocument: this.sharedDocument });
    this.coveredUrls.push(queue.queueUrl);
    this.tlsOnly.addResources(queue.queueArn);
  }
}
