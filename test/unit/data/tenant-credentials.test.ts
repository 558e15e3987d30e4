import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { documentClient, resetDocumentClient } from '#shared/data/client';
import { scopeOfTenant } from '#shared/data/tenant-scope';
import { resetConfig } from '#shared/runtime/config';

/** STS can't run here, so it is mocked at the adapter boundary; what we check is what we ask it. */
const sts = mockClient(STSClient);

const withEnv = (env: Record<string, string | undefined>) => {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
  resetDocumentClient();
};

afterEach(() => {
  withEnv({ DOSSIER_TENANT_ROLE_ARN: undefined, DYNAMODB_ENDPOINT: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
  sts.reset();
});

describe('tenant-scoped table credentials', () => {
  it("assumes the tenant role with the caller's tenant as session tag", async () => {
    // The function's own credentials, which sign the AssumeRole call (fake: STS is mocked).
    withEnv({
      DOSSIER_TENANT_ROLE_ARN: 'arn:aws:iam::123456789012:role/tenant-data',
      DYNAMODB_ENDPOINT: undefined,
      AWS_ACCESS_KEY_ID: 'function-role',
      AWS_SECRET_ACCESS_KEY: 'function-secret',
    });
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 900_000) },
    });
    const scope = scopeOfTenant('ten_01ARZ3NDEKTSV4RRFFQ69G5FAV');

    const credentials = await documentClient(scope).config.credentials();

    expect(credentials.accessKeyId).toBe('AKIA');
    const call = sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input;
    expect(call).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/tenant-data',
      Tags: [{ Key: 'tenantId', Value: 'ten_01ARZ3NDEKTSV4RRFFQ69G5FAV' }],
      DurationSeconds: 900,
    });
  });

  it('keeps one client per tenant, and none without the role (locally)', () => {
    withEnv({ DOSSIER_TENANT_ROLE_ARN: 'arn:aws:iam::123456789012:role/tenant-data', DYNAMODB_ENDPOINT: undefined });
    const a = scopeOfTenant('ten_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const b = scopeOfTenant('ten_01BX5ZZKBKACTAV9WEVGEMMVRZ');

    expect(documentClient(a)).toBe(documentClient(a));
    expect(documentClient(a)).not.toBe(documentClient(b));
    expect(documentClient()).not.toBe(documentClient(a));

    withEnv({ DOSSIER_TENANT_ROLE_ARN: undefined });
    expect(documentClient(a)).toBe(documentClient());
  });
});
