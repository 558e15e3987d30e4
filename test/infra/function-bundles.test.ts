import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeNamed } from '#functions/manifest';
import { projectFile, synthDossier } from './dossier-template.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

// Real esbuild bundling of the platform area's function (its generated entry and four routes). The output sits under cdk.out (git-ignored) so the bundles'
// external @aws-sdk imports resolve from the project's node_modules, as they do from the Lambda
// runtime's.
mkdirSync(projectFile('cdk.out'), { recursive: true });
const outdir = mkdtempSync(path.join(projectFile('cdk.out'), 'infra-test-'));
const bundleOf = new Map<string, string>();

beforeAll(() => {
  // The platform area, and one authenticated route so the gateway's authorizer is built (and the auth area with it).
  const manifest = { routes: [routeNamed('check-health'), routeNamed('describe-api'), routeNamed('get-api-reference-asset'), routeNamed('describe-me')], schedules: [], consumers: [], streams: [] };
  const { resources } = synthDossier({ manifest, bundleInto: outdir });
  for (const fn of Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
    // The staged asset directory is named after the hash the template's S3 key carries.
    const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    bundleOf.set(fn.Properties.FunctionName, path.join(outdir, `asset.${assetHash}`, 'index.mjs'));
  }
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const AREA = 'dossier-dev-api-platform';

const invoke = async (path: string, route: { resource: string; pathParameters: Record<string, string> } = { resource: path, pathParameters: {} }): Promise<APIGatewayProxyResult> => {
  const { handler } = (await import(pathToFileURL(bundleOf.get(AREA)!).href)) as { handler: Handler };
  const event = {
    httpMethod: 'GET', path, resource: route.resource, headers: {}, multiValueHeaders: {}, body: null, isBase64Encoded: false,
    queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: route.pathParameters, stageVariables: null,
    requestContext: { requestId: 'req-bundle', identity: { sourceIp: '203.0.113.9' }, httpMethod: 'GET', path, resourcePath: path, stage: 'dev' },
  } as unknown as APIGatewayProxyEvent;
  return handler(event, { awsRequestId: 'req-bundle', functionName: AREA, getRemainingTimeInMillis: () => 29_000 } as Context);
};

describe('function bundles', () => {
  it("bundles the gateway's authorizer into an ESM file that loads and refuses a request without credentials as API Gateway expects", async () => {
    const { handler } = (await import(pathToFileURL(bundleOf.get('dossier-dev-authorize-request')!).href)) as { handler: (event: unknown) => Promise<unknown> };

    const answer = handler({ type: 'REQUEST', methodArn: 'arn:aws:execute-api:us-east-1:111122223333:abc/dev/GET/v1/me', headers: {} });

    await expect(answer).rejects.toThrow(/^Unauthorized$/);
  });

  it('bundles an area into one ESM file that loads and answers each of its routes like the Lambda runtime would call it', async () => {
    const answer = await invoke('/v1/health');

    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
  });

  it('resolves #shared subpath imports and serves the OpenAPI document it embeds compressed, as docs/openapi.json has it', async () => {
    const answer = await invoke('/v1/openapi.json');

    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual(JSON.parse(readFileSync(projectFile('docs/openapi.json'), 'utf8')));
  });

  it('serves the API reference’s script from the package files copied beside the bundle, not from the project', async () => {
    const answer = await invoke('/docs/swagger-ui-bundle.js', { resource: '/docs/{asset}', pathParameters: { asset: 'swagger-ui-bundle.js' } });
    const bundle = bundleOf.get(AREA)!;

    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.['content-type']).toContain('text/javascript');
    expect(answer.body).toBe(readFileSync(path.join(path.dirname(bundle), 'node_modules', 'swagger-ui-dist', 'swagger-ui-bundle.js'), 'utf8'));
    expect(readFileSync(bundle).length).toBeLessThan(400 * 1024);
  });

  it('answers a route the area does not serve with the 404 problem an unknown route gets', async () => {
    const answer = await invoke('/v1/nothing-here');

    expect(answer.statusCode).toBe(404);
    expect(answer.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ type: 'https://dossier.dev/problems/not-found', status: 404, instance: '/requests/req-bundle' });
  });

  it('ships a minified bundle with its source map and leaves the AWS SDK to the runtime', () => {
    const bundle = bundleOf.get(AREA)!;
    const code = readFileSync(bundle, 'utf8');
    const sources = (JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] }).sources;

    // Unminified, the same bundle is about 24,000 lines.
    expect(code.split('\n').length).toBeLessThan(1_000);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    expect(sources.some((source) => source.includes('shared/http/'))).toBe(true);
    expect(sources.filter((source) => source.includes('node_modules/@aws-sdk/'))).toEqual([]);
    expect(code).toContain('from"@aws-sdk/');
  });
});
