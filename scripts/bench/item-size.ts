import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/data/keys';
import { tableName } from '#shared/data/client';
import type { OperationsTenant } from './operations-tenant.ts';
import { median } from './statistics.ts';
import { localClient } from './transaction-metering.ts';

/**
 * The size DynamoDB bills an item by, after the rules of the developer guide ("Item sizes and
 * formats"): attribute names and string values in UTF-8 bytes, numbers at about one byte per two
 * significant digits plus one, 3 bytes of overhead per map or list and 1 per element. Close enough
 * to explain a read unit (4 KB) or a write unit (1 KB); not an exact reimplementation.
 */
const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

const valueSize = (value: unknown): number => {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return 3 + value.reduce((total: number, element) => total + 1 + valueSize(element), 0);
  if (value instanceof Set) return [...value].reduce((total: number, element) => total + valueSize(element), 0);
  return 3 + Object.entries(value as Record<string, unknown>).reduce((total, [name, element]) => total + 1 + utf8(name) + valueSize(element), 0);
};

export const itemSize = (item: Record<string, unknown>): number =>
  Object.entries(item).reduce((total, [name, value]) => total + utf8(name) + valueSize(value), 0);

/** Sizes of the operations tenant's profile items (median and largest), in bytes. */
export const measureProfileSizes = async (ops: OperationsTenant, endpoint: string, sample = 50): Promise<{ median: number; max: number; sampled: number }> => {
  const client = localClient(endpoint);
  try {
    const sizes: number[] = [];
    for (const customer of ops.customers.slice(0, sample)) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName(), Key: keys.customer(ops.scope, customer.id) }));
      if (Item) sizes.push(itemSize(Item));
    }
    return { median: median(sizes), max: Math.max(...sizes), sampled: sizes.length };
  } finally {
    client.destroy();
  }
};
