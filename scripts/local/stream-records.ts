import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamEntry } from '#functions/manifest';

/** Stream records as the local stream reads them, made into what Lambda would hand a function. */

type Attribute = Record<string, unknown>;

/**
 * The streams client reads an empty map (`{"M": {}}`) as an attribute with no type at all (`{}`);
 * Lambda hands it over as sent. Put the type back, at any depth, so images unmarshall as in AWS.
 */
const repaired = (value: Attribute): Attribute => {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M && typeof value.M === 'object') return { M: imageRepaired(value.M as Record<string, object>) };
  if (Array.isArray(value.L)) return { L: (value.L as Attribute[]).map(repaired) };
  return value;
};

const imageRepaired = (image: Record<string, object> | undefined) =>
  image ? Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repaired(value as Attribute)])) : undefined;

/** A record as Lambda hands it to a function (its creation time in seconds, its images as sent). */
export const toLambdaRecord = (record: StreamRecord): DynamoDBRecord =>
  ({
    ...record,
    dynamodb: {
      ...record.dynamodb,
      ...(record.dynamodb?.NewImage ? { NewImage: imageRepaired(record.dynamodb.NewImage) } : {}),
      ...(record.dynamodb?.OldImage ? { OldImage: imageRepaired(record.dynamodb.OldImage) } : {}),
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
        ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
        : undefined,
    },
  }) as DynamoDBRecord;

/** The entry's filter, as Lambda applies it: the new image of a put or change, the old image of a removal. */
export const admits = (entry: StreamEntry, record: StreamRecord): boolean => {
  const change = record.eventName;
  if (!change || !entry.changes.includes(change)) return false;
  const image = change === 'REMOVE' ? record.dynamodb?.OldImage : record.dynamodb?.NewImage;
  return entry.itemMatches.some((pattern) =>
    Object.entries(pattern).every(([attribute, value]) => (typeof value === 'string' ? [value] : value).includes(image?.[attribute]?.S ?? '\u0000')),
  );
};

