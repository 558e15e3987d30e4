import { config } from '#shared/runtime/config';
import type { KeyProvider } from './key-provider.ts';
import { KmsKeyProvider } from './kms-key-provider.ts';
import { LocalKeyProvider } from './local-key-provider.ts';

let provider: KeyProvider | undefined;

/** The key provider of this runtime: KMS in AWS, the local provider on a laptop and in tests. */
export const keyProvider = (): KeyProvider => {
  if (!provider) {
    const { keyProvider: kind, stage, dataDir, inMemory, keyUserRoleArns, keyManagerRoleArns } = config();
    provider = kind === 'kms' ? new KmsKeyProvider({ stage, keyRoles: { users: keyUserRoleArns, managers: keyManagerRoleArns } }) : new LocalKeyProvider({ dataDir, inMemory });
  }
  return provider;
};

export const resetKeyProvider = (): void => {
  provider = undefined;
};
