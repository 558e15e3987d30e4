import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  EnableKeyRotationCommand,
  GenerateDataKeyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { DossierError } from '#shared/domain/errors';
import type { DataKey, EncryptionContext, KeyProvider } from './key-provider.ts';

const asContext = (context: EncryptionContext): Record<string, string> => ({
  tenantId: context.tenantId,
  purpose: context.purpose,
});

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new DossierError('dependency-unavailable', { detail: `KMS returned no ${what}` });
  return value;
};

/**
 * AWS KMS adapter: a symmetric customer-managed key per tenant, rotation on, alias
 * `alias/dossier/<stage>/tenant/<tenantId>`, tagged with the tenant id and stage (the functions'
 * IAM policy only reaches keys carrying their stage's tag).
 */
export class KmsKeyProvider implements KeyProvider {
  readonly name = 'kms' as const;
  private calls = 0;

  constructor(
    private readonly options: { stage: string; client?: KMSClient },
    private readonly kms: KMSClient = options.client ?? new KMSClient({}),
  ) {}

  callCount(): number {
    return this.calls;
  }

  private async send<T>(work: () => Promise<T>): Promise<T> {
    this.calls += 1;
    try {
      return await work();
    } catch (error) {
      if (error instanceof DossierError) throw error;
      throw new DossierError('dependency-unavailable', { retryAfter: 2, cause: error });
    }
  }

  async createTenantKey(tenantId: string): Promise<string> {
    const { stage } = this.options;
    const created = await this.send(() =>
      this.kms.send(
        new CreateKeyCommand({
          Description: `Dossier ${stage} tenant ${tenantId}`,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          Tags: [
            { TagKey: 'dossier:tenant', TagValue: tenantId },
            { TagKey: 'dossier:stage', TagValue: stage },
          ],
        }),
      ),
    );
    const keyArn = required(created.KeyMetadata?.Arn, 'key ARN');
    await this.send(() => this.kms.send(new EnableKeyRotationCommand({ KeyId: keyArn })));
    await this.send(() =>
      this.kms.send(new CreateAliasCommand({ AliasName: `alias/dossier/${stage}/tenant/${tenantId}`, TargetKeyId: keyArn })),
    );
    return keyArn;
  }

  async generateDataKey(keyRef: string, context: EncryptionContext): Promise<DataKey> {
    const result = await this.send(() =>
      this.kms.send(new GenerateDataKeyCommand({ KeyId: keyRef, KeySpec: 'AES_256', EncryptionContext: asContext(context) })),
    );
    return { plaintext: required(result.Plaintext, 'plaintext'), wrapped: required(result.CiphertextBlob, 'ciphertext') };
  }

  async decryptDataKey(keyRef: string, wrapped: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    const result = await this.send(() =>
      this.kms.send(new DecryptCommand({ KeyId: keyRef, CiphertextBlob: wrapped, EncryptionContext: asContext(context) })),
    );
    return required(result.Plaintext, 'plaintext');
  }

  async scheduleTenantKeyDeletion(keyRef: string): Promise<void> {
    await this.send(() => this.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyRef, PendingWindowInDays: 7 })));
  }
}
