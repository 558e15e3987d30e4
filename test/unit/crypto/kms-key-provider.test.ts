import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GenerateDataKeyCommand,
  KMSClient,
  KMSInvalidStateException,
  NotFoundException,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KmsKeyProvider } from '#shared/crypto/kms-key-provider';
import { DossierError } from '#shared/domain/errors';
import { newId } from '#shared/runtime/ids';

const kms = mockClient(KMSClient);
const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const tenantId = newId('tenant');

const providerFor = (stage = 'prod') => new KmsKeyProvider({ stage, client: new KMSClient({ region: 'us-east-1' }) });

beforeEach(() => {
  kms.reset();
});

describe('KmsKeyProvider', () => {
  it("creates the tenant's own key, tagged, with rotation on and the tenant alias", async () => {
    kms.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: keyArn } });

    const keyRef = await providerFor('prod').createTenantKey(tenantId);

    expect(keyRef).toBe(keyArn);
    const [create] = kms.commandCalls(CreateKeyCommand);
    expect(create?.args[0].input).toMatchObject({
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Tags: expect.arrayContaining([
        { TagKey: 'dossier:tenant', TagValue: tenantId },
        { TagKey: 'dossier:stage', TagValue: 'prod' },
      ]),
    });
    expect(kms.commandCalls(EnableKeyRotationCommand)[0]?.args[0].input).toEqual({ KeyId: keyArn });
    expect(kms.commandCalls(CreateAliasCommand)[0]?.args[0].input).toEqual({
      AliasName: `alias/dossier/prod/tenant/${tenantId}`,
      TargetKeyId: keyArn,
    });
  });

  it("creates the key with a policy that lets Dossier's function roles use it at once, for this tenant's data keys only", async () => {
    kms.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: keyArn } });
    const users = ['arn:aws:iam::111122223333:role/dossier-prod-api', 'arn:aws:iam::111122223333:role/dossier-prod-worker'];
    const provider = new KmsKeyProvider({ stage: 'prod', client: new KMSClient({ region: 'us-east-1' }), keyRoles: { users, managers: ['arn:aws:iam::111122223333:role/dossier-prod-accounts'] } });

    await provider.createTenantKey(tenantId);

    const policy = JSON.parse(kms.commandCalls(CreateKeyCommand)[0]!.args[0].input.Policy!);
    expect(policy.Statement[0].Principal.AWS).toBe('arn:aws:iam::111122223333:root');
    expect(policy.Statement[1]).toMatchObject({ Principal: { AWS: users }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Condition: { StringEquals: { 'kms:EncryptionContext:tenantId': tenantId } } });
  });

  it('lets only the managing role schedule the key\'s deletion, never a worker', async () => {
    kms.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: keyArn } });
    const worker = 'arn:aws:iam::111122223333:role/dossier-prod-worker';
    const accounts = 'arn:aws:iam::111122223333:role/dossier-prod-accounts';
    const provider = new KmsKeyProvider({ stage: 'prod', client: new KMSClient({ region: 'us-east-1' }), keyRoles: { users: [worker, accounts], managers: [accounts] } });

    await provider.createTenantKey(tenantId);

    const statements = JSON.parse(kms.commandCalls(CreateKeyCommand)[0]!.args[0].input.Policy!).Statement as { Principal: { AWS: string | string[] }; Action: string | string[] }[];
    const deleters = statements.filter((statement) => [statement.Action].flat().some((action) => action === 'kms:ScheduleKeyDeletion' || action === 'kms:*')).flatMap((statement) => [statement.Principal.AWS].flat());
    expect(deleters).toEqual(['arn:aws:iam::111122223333:root', accounts]);
  });

  it('generates a 256-bit data key under the encryption context {tenantId, purpose}', async () => {
    const plaintext = new Uint8Array(32).fill(7);
    const wrapped = new Uint8Array(184).fill(9);
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: plaintext, CiphertextBlob: wrapped, KeyId: keyArn });

    const dataKey = await providerFor().generateDataKey(keyArn, { tenantId, purpose: 'index' });

    expect(dataKey).toEqual({ plaintext, wrapped });
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toEqual({
      KeyId: keyArn,
      KeySpec: 'AES_256',
      EncryptionContext: { tenantId, purpose: 'index' },
    });
  });

  it('unwraps a data key under the same encryption context', async () => {
    const wrapped = new Uint8Array(184).fill(9);
    kms.on(DecryptCommand).resolves({ Plaintext: new Uint8Array(32).fill(7), KeyId: keyArn });

    const plaintext = await providerFor().decryptDataKey(keyArn, wrapped, { tenantId, purpose: 'data' });

    expect(plaintext).toEqual(new Uint8Array(32).fill(7));
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input).toEqual({
      KeyId: keyArn,
      CiphertextBlob: wrapped,
      EncryptionContext: { tenantId, purpose: 'data' },
    });
  });

  it('schedules the tenant key for deletion', async () => {
    kms.on(ScheduleKeyDeletionCommand).resolves({});

    await providerFor().scheduleTenantKeyDeletion(keyArn);

    expect(kms.commandCalls(ScheduleKeyDeletionCommand)[0]?.args[0].input).toEqual({ KeyId: keyArn, PendingWindowInDays: 7 });
  });

  it('takes a key already pending deletion, or already deleted, as scheduled: a close done twice', async () => {
    kms.on(ScheduleKeyDeletionCommand).rejectsOnce(new KMSInvalidStateException({ message: 'pending deletion', $metadata: {} })).rejectsOnce(new NotFoundException({ message: 'gone', $metadata: {} }));
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', KeyState: 'PendingDeletion' } });

    await providerFor().scheduleTenantKeyDeletion(keyArn);
    await providerFor().scheduleTenantKeyDeletion(keyArn);

    expect(kms.commandCalls(ScheduleKeyDeletionCommand)).toHaveLength(2);
  });

  it('does not take a key in another state as scheduled', async () => {
    kms.on(ScheduleKeyDeletionCommand).rejects(new KMSInvalidStateException({ message: 'unavailable', $metadata: {} }));
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', KeyState: 'Unavailable' } });

    const scheduling = providerFor().scheduleTenantKeyDeletion(keyArn);

    await expect(scheduling).rejects.toMatchObject({ code: 'dependency-unavailable' });
  });

  it('reports a KMS failure as a retryable dependency-unavailable error that keeps its cause', async () => {
    const failure = new KMSInvalidStateException({ message: 'Key is pending deletion', $metadata: {} });
    kms.on(DecryptCommand).rejects(failure);

    const unwrapping = providerFor().decryptDataKey(keyArn, new Uint8Array(184), { tenantId, purpose: 'data' });

    const error = await unwrapping.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DossierError);
    expect(error).toMatchObject({ code: 'dependency-unavailable', retryable: true, cause: failure });
    expect((error as DossierError).retryAfter).toBeGreaterThan(0);
  });

  it('reports an answer without a key as dependency-unavailable', async () => {
    kms.on(GenerateDataKeyCommand).resolves({});

    const generating = providerFor().generateDataKey(keyArn, { tenantId, purpose: 'data' });

    await expect(generating).rejects.toMatchObject({ code: 'dependency-unavailable' });
  });

  it('stops sign-up before the alias when the key cannot be created', async () => {
    kms.on(CreateKeyCommand).rejects(new Error('throttled'));

    const creating = providerFor().createTenantKey(tenantId);

    await expect(creating).rejects.toMatchObject({ code: 'dependency-unavailable' });
    expect(kms.commandCalls(CreateAliasCommand)).toHaveLength(0);
  });

  it('counts its calls to KMS', async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: new Uint8Array(32) });
    const provider = providerFor();

    await provider.decryptDataKey(keyArn, new Uint8Array(184), { tenantId, purpose: 'data' });
    await provider.decryptDataKey(keyArn, new Uint8Array(184), { tenantId, purpose: 'index' });

    expect(provider.callCount()).toBe(2);
  });
});
