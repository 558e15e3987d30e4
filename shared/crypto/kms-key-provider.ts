import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GenerateDataKeyCommand,
  KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { DossierError } from '#shared/domain/errors';
import { TENANT_KEY_PENDING_DAYS } from '#shared/domain/tenant';
import type { DataKey, EncryptionContext, KeyProvider } from './key-provider.ts';

const asContext = (context: EncryptionContext): Record<string, string> => ({
  tenantId: context.tenantId,
  purpose: context.purpose,
});

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new DossierError('dependency-unavailable', { detail: `KMS returned no ${what}` });
  return value;
};

/** Who a tenant key's policy names: the roles that use it, and the one that may retire it. */
export interface TenantKeyRoles {
  /** Every Dossier function role: wrap and unwrap this tenant's data keys. */
  users: readonly string[];
  /** The role of sign-up and tenant closing: rotation, alias and scheduling the key's deletion. */
  managers: readonly string[];
}

/**
 * The key policy a tenant key is created with: the account administers it through IAM (as the
 * default policy does), and Dossier's function roles may use it at once. The functions' IAM
 * policies are conditioned on the key's stage tag, and AWS says tag changes can take minutes to
 * reach authorization; sign-up uses the key within the same second, so the key policy grants it.
 * A key policy grant stands on its own, so it is as narrow as the IAM one: data keys only under
 * this tenant's encryption context, and the key's life (rotation, alias, deletion) only for the
 * managing role — a job or consumer can't schedule a tenant key's deletion.
 */
export const tenantKeyPolicy = (tenantId: string, roles: TenantKeyRoles): string | undefined => {
  const first = roles.users[0] ?? roles.managers[0];
  const match = first ? /^arn:(aws[a-z-]*):iam::(\d{12}):role\//.exec(first) : null;
  if (!match) return undefined;
  const [, partition, account] = match;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministersThroughIam', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'DossierFunctionsUseTheKeyForThisTenant',
        Effect: 'Allow',
        Principal: { AWS: [...roles.users] },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:tenantId': tenantId } },
      },
      ...(roles.managers.length > 0
        ? [
            {
              Sid: 'DossierAccountsManageTheKey',
              Effect: 'Allow',
              Principal: { AWS: [...roles.managers] },
              Action: ['kms:DescribeKey', 'kms:EnableKeyRotation', 'kms:CreateAlias', 'kms:ScheduleKeyDeletion'],
              Resource: '*',
            },
          ]
        : []),
    ],
  });
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
    private readonly options: { stage: string; client?: KMSClient; keyRoles?: TenantKeyRoles },
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
    const policy = tenantKeyPolicy(tenantId, this.options.keyRoles ?? { users: [], managers: [] });
    const created = await this.send(() =>
      this.kms.send(
        new CreateKeyCommand({
          Description: `Dossier ${stage} tenant ${tenantId}`,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          ...(policy ? { Policy: policy } : {}),
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

  /**
   * Idempotent: a key already pending deletion (a close stopped after scheduling it, before it
   * could record that) or already deleted is what was asked for. KMS refuses a second schedule
   * with KMSInvalidStateException, which also means other states, so the key's state is checked.
   */
  async scheduleTenantKeyDeletion(keyRef: string): Promise<void> {
    try {
      await this.send(() => this.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyRef, PendingWindowInDays: TENANT_KEY_PENDING_DAYS })));
    } catch (error) {
      const cause = error instanceof DossierError ? error.cause : error;
      const name = cause instanceof Error ? cause.name : undefined;
      if (name === 'NotFoundException') return;
      if (name !== 'KMSInvalidStateException') throw error;
      const described = await this.send(() => this.kms.send(new DescribeKeyCommand({ KeyId: keyRef })));
      if (described.KeyMetadata?.KeyState !== 'PendingDeletion') throw error;
    }
  }
}
