import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { config } from '#shared/runtime/config';

/**
 * Password hashes with scrypt (node:crypto, no native add-on to bundle for ARM64 Lambda).
 * Default cost N = 2^17, r = 8, p = 1 (OWASP's recommendation, 128 MiB); the parameters are stored
 * in the hash so the cost can rise later. DOSSIER_SCRYPT_LOG_N lowers it for the test suite only.
 */

const scryptAsync = (password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });


const options = (n: number, r: number, p: number): ScryptOptions => ({ N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });

export const hashPassword = async (password: string): Promise<string> => {
  const n = 2 ** config().scryptLogN;
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, options(n, 8, 1));
  return ['scrypt', n, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$');
};

export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, options(+n, +r, +p));
  return timingSafeEqual(actual, expected);
};

let decoy: Promise<string> | undefined;

/**
 * Spends the same work as a real check when there is no user to check against, so a wrong slug
 * or email can't be told from a wrong password by timing.
 */
export const verifyAgainstDecoy = async (password: string): Promise<false> => {
  decoy ??= hashPassword('decoy-password-never-matches');
  await verifyPassword(password, await decoy);
  return false;
};
