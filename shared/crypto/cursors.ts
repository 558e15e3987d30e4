import { createHmac } from 'node:crypto';
import { DossierError } from '#shared/domain/errors';
import { sameBytes } from './digests.ts';
import { serviceKey } from './service-secret.ts';

/**
 * Opaque, tamper-evident list cursors: the page's last key, signed with the service's cursor key
 * over tenant, list and key. A cursor edited, forged, or replayed on another tenant or list is a
 * 400 `invalid-cursor`, never a query DynamoDB would reject with a 500.
 */
const macOf = async (tenantId: string, list: string, payload: string): Promise<Buffer> =>
  createHmac('sha256', await serviceKey('cursor'))
    .update(`${tenantId}\u0000${list}\u0000${payload}`)
    .digest();

export const sealCursor = async (tenantId: string, list: string, startKey: Record<string, unknown>): Promise<string> => {
  const payload = Buffer.from(JSON.stringify(startKey), 'utf8').toString('base64url');
  return `${payload}.${(await macOf(tenantId, list, payload)).toString('base64url')}`;
};

export const openCursor = async (tenantId: string, list: string, cursor: string): Promise<Record<string, unknown>> => {
  const invalid = () => new DossierError('invalid-cursor', { errors: [{ path: 'cursor', message: 'Not a cursor this list issued' }] });
  const [payload, mac, extra] = cursor.split('.');
  if (!payload || !mac || extra !== undefined) throw invalid();
  if (!sameBytes(Buffer.from(mac, 'base64url'), await macOf(tenantId, list, payload))) throw invalid();
  try {
    const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
    return key as Record<string, unknown>;
  } catch {
    throw invalid();
  }
};
