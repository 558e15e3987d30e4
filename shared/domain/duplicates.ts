import * as z from 'zod';
import { nameKey } from './customer-file.ts';
import { idSchemaFor } from './values.ts';

/**
 * Candidate duplicates among customers listed in name order: names that are the same after
 * folding case and width, or one a short extension of the other ("Wang Li" / "Wang Lie"), or one
 * edit apart, in the same city. Phones, emails and external ids can't repeat (they are unique in
 * a tenant), so names are what is left to compare. Each customer is compared with the next few
 * in name order, where similar names sit.
 */
export interface DuplicateCandidate {
  id: string;
  name: string;
  city?: string | undefined;
}

/** A candidate pair as `GET /v1/customers/duplicates` lists it, with both names for a person to judge. */
export const DuplicatePairSchema = z
  .object({
    customerIds: z.tuple([idSchemaFor('customer'), idSchemaFor('customer')]),
    reason: z.enum(['same-name-same-city', 'similar-name-same-city']),
    names: z.array(z.string()).describe('The two customers’ names, in the order of customerIds'),
  })
  .meta({
    id: 'DuplicatePair',
    examples: [{ customerIds: ['cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5A', 'cus_01JD3K5Q7R8S9T0V1W2X3Y4Z5B'], reason: 'same-name-same-city', names: ['张伟', '张伟'] }],
  });
export type DuplicatePair = Omit<z.output<typeof DuplicatePairSchema>, 'names'>;

/** How many customers after each one, in name order, it is compared with. */
export const NEIGHBOURS = 5;

const editDistanceAtMostOne = (a: string, b: string): boolean => {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
};

const similar = (a: string, b: string): boolean =>
  (Math.min(a.length, b.length) >= 2 && (a.startsWith(b) || b.startsWith(a)) && Math.abs(a.length - b.length) <= 2) ||
  (Math.min(a.length, b.length) >= 4 && editDistanceAtMostOne(a, b));

const sameCity = (a?: string, b?: string): boolean => a !== undefined && b !== undefined && nameKey(a) === nameKey(b);

export const duplicatePairs = (customers: DuplicateCandidate[]): DuplicatePair[] => {
  const pairs: DuplicatePair[] = [];
  customers.forEach((customer, index) => {
    const key = nameKey(customer.name);
    for (const other of customers.slice(index + 1, index + 1 + NEIGHBOURS)) {
      if (!sameCity(customer.city, other.city)) continue;
      const otherKey = nameKey(other.name);
      if (key === otherKey) pairs.push({ customerIds: [customer.id, other.id], reason: 'same-name-same-city' });
      else if (similar(key, otherKey)) pairs.push({ customerIds: [customer.id, other.id], reason: 'similar-name-same-city' });
    }
  });
  return pairs;
};
