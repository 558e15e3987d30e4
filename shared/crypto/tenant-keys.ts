import { keyProvider } from './key-providers.ts';

/**
 * At sign-up: the tenant's own master key, then a data key (field encryption) and an index key
 * (blind indexes), each generated under it with its own encryption context. Only the wrapped forms
 * are stored; the plaintexts are dropped here and unwrapped on demand (and cached) later.
 */
export const provisionTenantKeys = async (tenantId: string) => {
  const provider = keyProvider();
  const keyRef = await provider.createTenantKey(tenantId);
  try {
    const dataKey = await provider.generateDataKey(keyRef, { tenantId, purpose: 'data' });
    const indexKey = await provider.generateDataKey(keyRef, { tenantId, purpose: 'index' });
    dataKey.plaintext.fill(0);
    indexKey.plaintext.fill(0);
    return { keyRef, wrappedDataKey: dataKey.wrapped, wrappedIndexKey: indexKey.wrapped };
  } catch (error) {
    await provider.scheduleTenantKeyDeletion(keyRef).catch(() => undefined);
    throw error;
  }
};

/** Crypto-shredding for a tenant that leaves or whose sign-up did not complete. */
export const retireTenantKey = async (keyRef: string): Promise<void> => keyProvider().scheduleTenantKeyDeletion(keyRef);
