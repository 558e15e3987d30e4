import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { fakeManifest, synthDossier } from './dossier-template.ts';

const nagFindings = (options: Parameters<typeof synthDossier>[0]) => {
  const { stack, nestedStacks } = synthDossier(options);
  const annotations = Annotations.fromStack(stack);
  const summarize = (found: { id: string; entry: { data?: unknown } }[]) => found.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 160)}`);
  // A nested stack is no artifact of its own: its findings are read off its constructs' metadata.
  const nested = (level: string) =>
    nestedStacks
      .flatMap((nestedStack) => nestedStack.node.findAll())
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === level && /AwsSolutions-/.test(String(entry.data))).map((entry) => ({ id: construct.node.path, entry })));
  return {
    errors: [...summarize(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))), ...summarize(nested('aws:cdk:error'))],
    warnings: [...summarize(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))), ...summarize(nested('aws:cdk:warning'))],
  };
};

describe('cdk-nag AwsSolutions', () => {
  it('reports no unsuppressed error or warning for the manifest stack', () => {
    expect(nagFindings({})).toEqual({ errors: [], warnings: [] });
  });

  it('stays clean when account and region are known, as in cdk deploy', () => {
    expect(nagFindings({ stage: 'prod', env: { account: '123456789012', region: 'eu-west-1' } })).toEqual({ errors: [], warnings: [] });
  });

  it('stays clean when the stack uses a restored table', () => {
    const restoredTable = { tableName: 'dossier-prod-restored', streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/dossier-prod-restored/stream/2026-11-29T08:30:00.000' };
    expect(nagFindings({ stage: 'prod', restoredTable })).toEqual({ errors: [], warnings: [] });
  });

  it('stays clean with scheduled jobs and event consumers', () => {
    expect(nagFindings({ manifest: fakeManifest() })).toEqual({ errors: [], warnings: [] });
  });

  it('justifies every suppression in words', () => {
    const { resources, consoleResources, operationsResources } = synthDossier({ manifest: fakeManifest() });
    const suppressions = [...Object.values(resources), ...Object.values(consoleResources), ...Object.values(operationsResources)].flatMap((resource) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[];

    expect(suppressions.length).toBeGreaterThan(0);
    for (const { id, reason } of suppressions) expect(reason.length, id).toBeGreaterThan(80);
  });
});
