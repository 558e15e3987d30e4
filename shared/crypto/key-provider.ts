/**
 * The tenant key interface. Two adapters implement it: AWS KMS (one customer-managed key per
 * tenant) and the local provider (per-tenant master keys in the data directory). Both wrap data
 * keys under an encryption context `{tenantId, purpose}`, so a wrapped key moved to another
 * tenant or purpose fails to unwrap.
 */

export type KeyPurpose = 'data' | 'index';

export interface EncryptionContext {
  tenantId: string;
  purpose: KeyPurpose;
}

export interface DataKey {
  plaintext: Uint8Array;
  wrapped: Uint8Array;
}

export interface KeyProvider {
  readonly name: 'kms' | 'local';
  /** Creates the tenant's own master key; returns its reference (a KMS key ARN, or a local id). */
  createTenantKey(tenantId: string): Promise<string>;
  generateDataKey(keyRef: string, context: EncryptionContext): Promise<DataKey>;
  decryptDataKey(keyRef: string, wrapped: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
  /** Crypto-shredding: once the key is gone, every copy of the tenant's ciphertext is unreadable. */
  scheduleTenantKeyDeletion(keyRef: string): Promise<void>;
  /** How many times the provider was called (the benchmark reports calls per 1,000 requests). */
  callCount(): number;
}
