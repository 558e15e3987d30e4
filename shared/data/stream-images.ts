import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { storedCustomerOf, type StoredCustomer } from './customer-repository.ts';
import { tenantOfPartition } from './keys.ts';
import type { Item } from './pagination.ts';

/**
 * What a change of the table looked like, from its stream record (NEW_AND_OLD_IMAGES): the item
 * before and after (either absent for a put or a delete), and the tenant its key belongs to.
 */
export interface ItemChange<T> {
  tenantId: string;
  before: T | undefined;
  after: T | undefined;
}

const imageOf = (image: Record<string, unknown> | undefined): Item | undefined =>
  image ? unmarshall(image as Record<string, AttributeValue>) : undefined;

const changeOf = (record: DynamoDBRecord): ItemChange<Item> | undefined => {
  const before = imageOf(record.dynamodb?.OldImage);
  const after = imageOf(record.dynamodb?.NewImage);
  const tenantId = tenantOfPartition((after ?? before)?.PK);
  return tenantId ? { tenantId, before, after } : undefined;
};

/**
 * A profile image as the reports see it: a customer being closed (erased or merged away, its
 * `closing` mark set) is no longer a customer, so marking it takes its contributions out, and the
 * last step's removal of the item changes nothing more.
 */
const liveCustomerOf = (image: Item | undefined): StoredCustomer | undefined => (image && !image.closing ? storedCustomerOf(image) : undefined);

export type StreamChange = { entity: 'customer'; change: ItemChange<StoredCustomer> } | { entity: 'record'; change: ItemChange<Item> };

/** A stream record as the change of a customer profile or of a record, or nothing of interest. */
export const streamChangeOf = (record: DynamoDBRecord): StreamChange | undefined => {
  const change = changeOf(record);
  const entity = (change?.after ?? change?.before)?.entity;
  if (!change) return undefined;
  if (entity === 'customer') {
    return { entity, change: { tenantId: change.tenantId, before: liveCustomerOf(change.before), after: liveCustomerOf(change.after) } };
  }
  return entity === 'record' ? { entity, change } : undefined;
};
