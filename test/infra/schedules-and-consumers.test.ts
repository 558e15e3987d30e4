import { describe, expect, it } from 'vitest';
import { consumers, schedules, toEventBridgeSchedule } from '#functions/manifest';
import { busEventTypes } from '#shared/domain/events';
import { type CfnResource, fakeManifest, MAX_RECEIVE_COUNT, resourcesOfType, synthDossier } from './dossier-template.ts';

// Most of these tests feed the stack a small list of their own; the last ones read the real manifest.
const manifest = fakeManifest();
const { resources } = synthDossier({ manifest });

const byId = (id: string): CfnResource => resources[id]!;
const functionNamed = (name: string): string => resourcesOfType(resources, 'AWS::Lambda::Function').find(([, fn]) => fn.Properties.FunctionName === `dossier-dev-${name}`)![0];
const rules = resourcesOfType(resources, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);
const ruleTargeting = (logicalId: string) => rules.find((rule) => rule.Targets.some((t: { Arn: { 'Fn::GetAtt': string[] } }) => t.Arn['Fn::GetAtt']?.[0] === logicalId));
const queueOf = (ref: { 'Fn::GetAtt': string[] }) => byId(ref['Fn::GetAtt'][0]!);

describe('scheduled jobs', () => {
  it('fires each job from an EventBridge rule on its cron in EventBridge form', () => {
    expect(ruleTargeting(functionNamed('birthday-offers'))).toMatchObject({ ScheduleExpression: 'cron(0 * * * ? *)', State: 'ENABLED' });
    expect(ruleTargeting(functionNamed('followup-reminders'))).toMatchObject({ ScheduleExpression: 'cron(*/5 * * * ? *)' });
  });

  it('gives jobs 300 s unless the manifest says otherwise', () => {
    expect(byId(functionNamed('birthday-offers')).Properties.Timeout).toBe(300);
    expect(byId(functionNamed('followup-reminders')).Properties.Timeout).toBe(120);
  });

  it('parks failed deliveries and failed runs in a dead-letter queue', () => {
    const job = byId(functionNamed('birthday-offers'));
    const [target] = ruleTargeting(functionNamed('birthday-offers'))!.Targets;

    expect(target.DeadLetterConfig.Arn).toEqual(job.Properties.DeadLetterConfig.TargetArn);
    expect(queueOf(target.DeadLetterConfig.Arn).Properties.SqsManagedSseEnabled).toBe(true);
  });
});

describe('event consumers', () => {
  it("routes a queued consumer's event types from the Dossier bus into its queue", () => {
    const queueId = resourcesOfType(resources, 'AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties.FunctionName.Ref === functionNamed('deliver-webhooks'))![1].Properties.EventSourceArn['Fn::GetAtt'][0];
    const rule = ruleTargeting(queueId);

    expect(rule).toMatchObject({ EventPattern: { 'detail-type': ['customer.created', 'customer.erased'] }, EventBusName: { Ref: expect.stringMatching(/^Events/) } });
  });

  it('reads the queue in batches that report partial failures, and dead-letters after five receives', () => {
    const [, mapping] = resourcesOfType(resources, 'AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties.FunctionName.Ref === functionNamed('deliver-webhooks'))!;
    const queue = queueOf(mapping.Properties.EventSourceArn);

    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(MAX_RECEIVE_COUNT).toBe(5);
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(queue.Properties.VisibilityTimeout).toBe(6 * byId(functionNamed('deliver-webhooks')).Properties.Timeout);
  });

  it('refuses plain-HTTP access to every queue', () => {
    const policies = resourcesOfType(resources, 'AWS::SQS::QueuePolicy').map(([, p]) => p.Properties);

    for (const [id] of resourcesOfType(resources, 'AWS::SQS::Queue')) {
      const policy = policies.find((p) => p.Queues.some((q: { Ref: string }) => q.Ref === id));
      expect(policy?.PolicyDocument.Statement, id).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
  });

  it('invokes a direct consumer from its rule, with a dead-letter queue for what fails', () => {
    const consumer = functionNamed('apply-followup-rules');
    const rule = ruleTargeting(consumer)!;

    expect(rule.EventPattern).toEqual({ 'detail-type': ['feedback.resolved'] });
    expect(rule.Targets[0].DeadLetterConfig.Arn).toEqual(byId(consumer).Properties.DeadLetterConfig.TargetArn);
  });
});

describe('the manifest as it stands', () => {
  it('creates one rule per manifest schedule and consumer', () => {
    const { resources: actual } = synthDossier();

    expect(resourcesOfType(actual, 'AWS::Events::Rule')).toHaveLength(schedules.length + consumers.length);
    expect(resourcesOfType(actual, 'AWS::Events::EventBus')).toHaveLength(1);
  });
});

describe('stream functions', () => {
  const real = synthDossier();
  const mappings = resourcesOfType(real.resources, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
  const publisher = resourcesOfType(real.resources, 'AWS::Lambda::Function').find(([, fn]) => fn.Properties.FunctionName === 'dossier-dev-publish-events')!;

  it("feeds the outbox publisher from the table's stream with only new event items", () => {
    const mapping = mappings.find((m) => m.FunctionName.Ref === publisher[0])!;

    expect(mapping.EventSourceArn['Fn::GetAtt']).toEqual([expect.stringMatching(/^Data/), 'StreamArn']);
    expect(JSON.parse(mapping.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['event'] } } } });
    expect(mapping).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, StartingPosition: 'TRIM_HORIZON' });
    expect(mapping.DestinationConfig.OnFailure.Destination).toBeDefined();
  });

  it('tells the publisher its bus and lets it put events there', () => {
    expect(publisher[1].Properties.Environment.Variables.DOSSIER_EVENT_BUS).toEqual({ Ref: expect.stringMatching(/^Events/) });
    const policies = resourcesOfType(real.resources, 'AWS::IAM::Policy').map(([, p]) => JSON.stringify(p.Properties.PolicyDocument));
    expect(policies.some((doc) => doc.includes('events:PutEvents'))).toBe(true);
  });
});

describe('the manifest schedules in the real stack', () => {
  const real = synthDossier();
  const realRules = resourcesOfType(real.resources, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);
  const functionId = (name: string) => resourcesOfType(real.resources, 'AWS::Lambda::Function').find(([, fn]) => fn.Properties.FunctionName === `dossier-dev-${name}`)?.[0];

  it.each(schedules.map((entry) => [entry.name, entry]))('fires %s on its cron', (_name, entry) => {
    const id = functionId(entry.name);

    const rule = realRules.find((r) => r.Targets?.some((t: { Arn: { 'Fn::GetAtt'?: string[] } }) => t.Arn['Fn::GetAtt']?.[0] === id));

    expect(id).toBeDefined();
    expect(rule?.ScheduleExpression).toBe(toEventBridgeSchedule(entry.cron));
  });
});

describe('webhook delivery in the real stack', () => {
  const real = synthDossier();
  const fn = (name: string) => resourcesOfType(real.resources, 'AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === `dossier-dev-${name}`)!;
  const realRules = resourcesOfType(real.resources, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);

  it('feeds every event type of the bus to deliver-webhooks through a queue with a dead-letter queue', () => {
    const [id] = fn('deliver-webhooks');
    const [, mapping] = resourcesOfType(real.resources, 'AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties.FunctionName.Ref === id)!;
    const queueId = mapping.Properties.EventSourceArn['Fn::GetAtt'][0];
    const rule = realRules.find((r) => r.Targets.some((t: { Arn: { 'Fn::GetAtt'?: string[] } }) => t.Arn['Fn::GetAtt']?.[0] === queueId))!;

    expect(rule.EventPattern['detail-type']).toEqual([...busEventTypes]);
    expect(real.resources[queueId]!.Properties.RedrivePolicy.deadLetterTargetArn).toBeDefined();
    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('runs the functions that call out to endpoints as a role with the table, tenant keys and its own queues, and nothing else', () => {
    const roleOf = (name: string) => fn(name)[1].Properties.Role['Fn::GetAtt'][0] as string;
    const policiesOf = (roleId: string) =>
      resourcesOfType(real.resources, 'AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
    const actions = (roleId: string) => policiesOf(roleId).flatMap((statement) => [statement.Action].flat());

    const delivery = roleOf('deliver-webhooks');

    expect(roleOf('webhook-retries')).toBe(delivery);
    expect(delivery).not.toBe(roleOf('refresh-customer-scores'));
    expect(actions(delivery)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'kms:Decrypt']));
    expect(actions(delivery).filter((action) => !/^(dynamodb|kms|sqs|xray):/.test(action))).toEqual([]);
    expect(actions(delivery).filter((action) => action.startsWith('kms:')).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(actions(delivery)).not.toContain('kms:CreateKey');
    expect(actions(roleOf('refresh-customer-scores'))).toContain('secretsmanager:GetSecretValue');
  });
});

describe('per-tenant units of work in the real stack', () => {
  const real = synthDossier();
  const fn = (name: string) => resourcesOfType(real.resources, 'AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === `dossier-dev-${name}`)!;

  it("queues each tenant's nightly refresh on the job's own queue, read by its worker with a dead-letter queue", () => {
    const [workerId] = fn('refresh-customer-scores-tenant');
    const [, mapping] = resourcesOfType(real.resources, 'AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties.FunctionName.Ref === workerId)!;
    const queueId = mapping.Properties.EventSourceArn['Fn::GetAtt'][0];
    const queueUrlOf = (name: string) => JSON.stringify(fn(name)[1].Properties.Environment.Variables.DOSSIER_WORK_QUEUES);

    expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(real.resources[queueId]!.Properties.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    expect(queueUrlOf('refresh-customer-scores')).toContain(queueId);
    expect(queueUrlOf('refresh-customer-scores-tenant')).toContain(queueId);
  });
});

describe('the jobs that write to customers in the real stack', () => {
  const real = synthDossier();
  const fn = (name: string) => resourcesOfType(real.resources, 'AWS::Lambda::Function').find(([, f]) => f.Properties.FunctionName === `dossier-dev-${name}`)!;
  const roleOf = (name: string) => fn(name)[1].Properties.Role['Fn::GetAtt'][0] as string;
  const statementsOf = (roleId: string) =>
    resourcesOfType(real.resources, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[]);
  const allowed = (roleId: string) => statementsOf(roleId).filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());

  it('sends email and SMS only from the birthday and message jobs, by SES from the stage sender and by SNS to phone numbers only', () => {
    const messaging = roleOf('send-messages');
    const ses = statementsOf(messaging).find((s) => s.Action === 'ses:SendEmail')!;
    const topicsRefused = statementsOf(messaging).find((s) => s.Effect === 'Deny' && s.Action === 'sns:Publish');

    for (const name of ['send-messages-tenant', 'birthday-offers', 'birthday-offers-tenant']) expect(roleOf(name), name).toBe(messaging);
    expect(allowed(messaging)).toEqual(expect.arrayContaining(['ses:SendEmail', 'sns:Publish', 'kms:Decrypt', 'secretsmanager:GetSecretValue']));
    expect(JSON.stringify(ses.Resource)).toContain(':identity/dev.dossier.invalid');
    expect(topicsRefused?.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] });
    for (const name of ['refresh-customer-scores', 'followup-reminders', 'notify-staff', 'deliver-webhooks']) {
      expect(allowed(roleOf(name)).filter((action) => /^(ses|sns):/.test(action)), name).toEqual([]);
    }
    expect(fn('send-messages-tenant')[1].Properties.Environment.Variables).toMatchObject({ DOSSIER_NOTIFY: 'aws', DOSSIER_EMAIL_FROM: 'no-reply@dev.dossier.invalid' });
  });

  it.each(['birthday-offers', 'followup-reminders', 'send-messages'])('hands each tenant of %s to its worker through a queue with a dead-letter queue', (job) => {
    const [workerId] = fn(`${job}-tenant`);
    const [, mapping] = resourcesOfType(real.resources, 'AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties.FunctionName.Ref === workerId)!;
    const queueId = mapping.Properties.EventSourceArn['Fn::GetAtt'][0];

    expect(real.resources[queueId]!.Properties.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    expect(JSON.stringify(fn(job)[1].Properties.Environment.Variables.DOSSIER_WORK_QUEUES)).toContain(queueId);
  });
});
