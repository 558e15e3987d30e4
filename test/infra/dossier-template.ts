import { readFileSync } from 'node:fs';
import { App, type Environment, NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { RouteEntry } from '#functions/manifest';
import { addDossierStack } from '#infra/dossier-app';
import type { DossierManifest } from '#infra/dossier-stack';
import { projectFile } from '#infra/project-paths';

export { TENANT_LEADING_KEYS } from '#infra/constructs/tenant-data-access';
export { MAX_RECEIVE_COUNT } from '#infra/constructs/queues';
export { projectFile };

/** The feature flags `cdk synth` runs with, so the tests assert on the same template. */
const cdkContext = (JSON.parse(readFileSync(projectFile('cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface SynthOptions {
  stage?: string;
  manifest?: DossierManifest;
  env?: Environment;
  waf?: boolean;
  alarmEmail?: string;
  restoredTable?: { tableName: string; streamArn: string };
  /** Bundle with esbuild into this directory (slow); by default nothing is bundled. */
  bundleInto?: string;
}

/** The Dossier stack as `cdk synth` builds it (cdk-nag included), without esbuild unless asked. */
export const synthDossier = (options: SynthOptions = {}) => {
  const app = new App({
    context: { ...cdkContext, ...(options.bundleInto ? {} : { 'aws:cdk:bundling-stacks': [] }) },
    ...(options.bundleInto ? { outdir: options.bundleInto } : {}),
  });
  const stack = addDossierStack(app, {
    stage: options.stage ?? 'dev',
    // A stand-in build: the template does not depend on the console's files, only on their place.
    consoleAssets: projectFile('test/infra/console-build'),
    ...(options.manifest ? { manifest: options.manifest } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.waf ? { waf: true } : {}),
    ...(options.alarmEmail ? { alarmEmail: options.alarmEmail } : {}),
    ...(options.restoredTable ? { restoredTable: options.restoredTable } : {}),
  });
  const template = Template.fromStack(stack);
  // The console site and the operations watch are nested stacks (their resources don't count against the main one's).
  const nestedStacks = stack.node.findAll().filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct));
  const nested = (id: string) => {
    const found = nestedStacks.find((candidate) => candidate.node.id === id);
    if (!found) throw new Error(`No nested stack ${id}`);
    const nestedTemplate = Template.fromStack(found);
    return { stack: found, template: nestedTemplate, resources: nestedTemplate.toJSON().Resources as Record<string, CfnResource> };
  };
  const consoleSite = nested('ConsoleSite');
  const operations = nested('OperationsWatch');
  return {
    app,
    stack,
    template,
    resources: template.toJSON().Resources as Record<string, CfnResource>,
    nestedStacks,
    consoleStack: consoleSite.stack,
    consoleTemplate: consoleSite.template,
    consoleResources: consoleSite.resources,
    operationsResources: operations.resources,
  };
};

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
  Metadata?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export const resourcesOfType = (resources: Record<string, CfnResource>, type: string): [string, CfnResource][] =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

export const theResourceOfType = (resources: Record<string, CfnResource>, type: string): CfnResource => {
  const found = resourcesOfType(resources, type);
  if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
  return found[0]![1];
};

/** `/v1/users/{userId}` for an AWS::ApiGateway::Resource, following its ParentId chain to the root. */
export const resourcePaths = (resources: Record<string, CfnResource>): Map<string, string> => {
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const { PathPart, ParentId } = resources[id]!.Properties;
    const parent = ParentId.Ref ? pathOf(ParentId.Ref) : '';
    const path = `${parent}/${PathPart}`;
    paths.set(id, path);
    return path;
  };
  for (const [id] of resourcesOfType(resources, 'AWS::ApiGateway::Resource')) pathOf(id);
  return paths;
};

/** Every API Gateway method as `GET /v1/health` → the logical id of the function it invokes. */
export const mountedRoutes = (resources: Record<string, CfnResource>): Map<string, string | undefined> => {
  const paths = resourcePaths(resources);
  const functions = resourcesOfType(resources, 'AWS::Lambda::Function').map(([id]) => id);
  const mounted = new Map<string, string | undefined>();
  for (const [, method] of resourcesOfType(resources, 'AWS::ApiGateway::Method')) {
    const { HttpMethod, ResourceId, Integration } = method.Properties;
    const path = ResourceId.Ref ? paths.get(ResourceId.Ref) : '/';
    const uri = JSON.stringify(Integration?.Uri ?? '');
    const target = Integration?.Type === 'AWS_PROXY' ? functions.find((id) => uri.includes(`"${id}"`)) : undefined;
    mounted.set(`${HttpMethod} ${path}`, target);
  }
  return mounted;
};

const segmentsOf = (path: string) => path.split('/').filter(Boolean);
const isParameter = (segment: string) => /^\{.+\}$/.test(segment);

/**
 * The function API Gateway sends `GET /v1/customers/{id}/transactions` to, by its rules: a method
 * whose path template has the same segments, a literal matching only itself and a `{parameter}`
 * matching any value, the most literal template winning. `{…}` in the route is any value.
 */
export const gatewayTarget = (resources: Record<string, CfnResource>, route: string): string | undefined => {
  const [method, path] = route.split(' ') as [string, string];
  const wanted = segmentsOf(path);
  const candidates = [...mountedRoutes(resources)].flatMap(([mounted, target]) => {
    const [mountedMethod, template] = mounted.split(' ') as [string, string];
    const segments = segmentsOf(template);
    if (mountedMethod !== method || segments.length !== wanted.length) return [];
    const fits = segments.every((segment, at) => isParameter(segment) || (!isParameter(wanted[at]!) && segment === wanted[at]));
    return fits ? [{ target, literals: segments.map((segment) => (isParameter(segment) ? '1' : '0')).join('') }] : [];
  });
  return candidates.sort((a, b) => a.literals.localeCompare(b.literals))[0]?.target;
};

/** A small manifest of real handler files, for tests that need schedules and consumers. */
export const fakeManifest = (): DossierManifest => {
  const health: RouteEntry = { name: 'check-health', method: 'GET', path: '/v1/health', handler: 'functions/platform/check-health.ts', access: 'public', summary: 'Liveness' };
  const handler = health.handler;
  return {
    routes: [health],
    schedules: [
      { name: 'birthday-offers', cron: '0 * * * *', handler, summary: 'Birthday offers due this hour' },
      { name: 'followup-reminders', cron: '*/5 * * * *', handler, summary: 'Follow-ups due now', timeoutSeconds: 120 },
    ],
    consumers: [
      { name: 'deliver-webhooks', eventTypes: ['customer.created', 'customer.erased'], handler, viaQueue: true, summary: 'Webhook deliveries' },
      { name: 'apply-followup-rules', eventTypes: ['feedback.resolved'], handler, viaQueue: false, summary: 'Follow-up rules' },
    ],
    streams: [{ name: 'publish-events', handler, summary: 'Outbox to bus', changes: ['INSERT'], itemMatches: [{ entity: 'event' }], retryAttempts: 10 }],
  };
};
