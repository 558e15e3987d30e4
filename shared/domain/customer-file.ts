import type { Money } from './values.ts';
import type { CustomerInput, CustomerPatch, CustomerPlainFields, Stage, Tier } from './customer.ts';
import type { CustomerStats, CustomerSummary, CustomerView, Rfm } from './customer-view.ts';
import type { Tallies } from './customer-figures.ts';

/**
 * A customer as kept: the fields stored in the clear, and the sensitive ones as ciphertext with
 * their masked form beside it (so lists never decrypt). Sensitive values travel as a map from
 * field path (`phone`, `address.line1`, `contacts.2.email`) to value.
 */
export type SensitiveValues = Record<string, string>;

export interface CustomerFile {
  id: string;
  plain: CustomerPlainFields;
  /** Field path → ciphertext (AES-256-GCM under the tenant data key). */
  sealed: Record<string, string>;
  /** Field path → masked value, shown unless someone permitted asks to reveal. */
  masked: Record<string, string>;
  stats: CustomerStats;
  /** Counters behind the figures (never shown). */
  tallies: Tallies;
  tier: Tier;
  stage: Stage;
  rfm?: Rfm;
  clv?: Money;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const contactSensitive = ['phone', 'email'] as const;

type ContactInput = NonNullable<CustomerInput['contacts']>[number];

const splitContacts = (contacts: ContactInput[]) => {
  const sensitive: SensitiveValues = {};
  const plain = contacts.map(({ phone, email, ...who }, index) => {
    if (phone) sensitive[`contacts.${index}.phone`] = phone;
    if (email) sensitive[`contacts.${index}.email`] = email;
    return who;
  });
  return { plain, sensitive };
};

/** Splits an input into what is stored in the clear and what is sealed. */
export const splitSensitive = (input: CustomerInput): { plain: CustomerPlainFields; sensitive: SensitiveValues } => {
  const { phone, email, idNumber, birthday, address, contacts, ...rest } = input;
  const sensitive: SensitiveValues = {};
  if (phone) sensitive.phone = phone;
  if (email) sensitive.email = email;
  if (idNumber) sensitive.idNumber = idNumber;
  if (birthday) sensitive.birthday = birthday;
  const plain: CustomerPlainFields = { ...rest };
  if (address) {
    const { line1, postalCode, ...places } = address;
    if (line1) sensitive['address.line1'] = line1;
    if (postalCode) sensitive['address.postalCode'] = postalCode;
    plain.address = places;
  }
  if (contacts) {
    const split = splitContacts(contacts);
    plain.contacts = split.plain;
    Object.assign(sensitive, split.sensitive);
  }
  return { plain, sensitive };
};

const dropUndefined = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * What the customer listings copy of a profile (its "card"): the summary a list answers, masked,
 * without the figures a purchase changes — so a purchase leaves the card, and the listings that
 * copy it, as they were (unless it moves the tier or the stage).
 */
export type CustomerCard = Omit<CustomerSummary, 'id'>;

export const cardOf = (file: CustomerFile): CustomerCard =>
  dropUndefined({
    type: file.plain.type,
    name: file.plain.name,
    phone: file.masked.phone,
    email: file.masked.email,
    birthday: file.masked.birthday,
    city: file.plain.address?.city,
    company: file.plain.company?.name,
    tags: file.plain.tags,
    ownerUserId: file.plain.ownerUserId,
    consent: file.plain.consent,
    contactChannel: file.plain.preferences?.contactChannel,
    tier: file.tier,
    stage: file.stage,
    createdAt: file.createdAt,
  });

/** A customer in a list, from its card (fields in a fixed order: a stored map's order is arbitrary). */
export const presentSummary = (id: string, card: CustomerCard): CustomerSummary =>
  dropUndefined({
    id,
    type: card.type,
    name: card.name,
    phone: card.phone,
    email: card.email,
    birthday: card.birthday,
    city: card.city,
    company: card.company,
    tags: card.tags,
    ownerUserId: card.ownerUserId,
    consent: card.consent,
    contactChannel: card.contactChannel,
    tier: card.tier,
    stage: card.stage,
    createdAt: card.createdAt,
  });

/**
 * The customer as the API shows it, with each sensitive field taken from `values` (the masked
 * forms, or the decrypted ones for a permitted reveal).
 */
export const presentCustomer = (file: CustomerFile, values: SensitiveValues): CustomerView => {
  // Fields in a fixed order (the stored map's order is arbitrary), so answers read the same way.
  const plain = file.plain;
  const hasAddress = plain.address !== undefined || values['address.line1'] !== undefined || values['address.postalCode'] !== undefined;
  const stats = file.stats;
  return dropUndefined({
    id: file.id,
    type: plain.type,
    name: plain.name,
    gender: plain.gender,
    birthday: values.birthday,
    phone: values.phone,
    email: values.email,
    idNumber: values.idNumber,
    address: hasAddress
      ? dropUndefined({ ...plain.address, line1: values['address.line1'], postalCode: values['address.postalCode'] })
      : undefined,
    company: plain.company,
    contacts: plain.contacts?.map((contact, index) =>
      dropUndefined({ ...contact, ...Object.fromEntries(contactSensitive.map((f) => [f, values[`contacts.${index}.${f}`]])) }),
    ),
    tags: plain.tags,
    source: plain.source,
    ownerUserId: plain.ownerUserId,
    preferences: plain.preferences,
    consent: plain.consent,
    credit: plain.credit,
    externalIds: plain.externalIds,
    customFields: plain.customFields,
    stats: dropUndefined({
      totalSpend: stats.totalSpend,
      orderCount: stats.orderCount,
      avgOrderValue: stats.avgOrderValue,
      firstPurchaseAt: stats.firstPurchaseAt,
      lastPurchaseAt: stats.lastPurchaseAt,
      lastInteractionAt: stats.lastInteractionAt,
      pointsBalance: stats.pointsBalance,
      creditOutstanding: stats.creditOutstanding,
      overduePayments: stats.overduePayments,
      satisfaction: stats.satisfaction,
      nps: stats.nps,
    }),
    tier: file.tier,
    stage: file.stage,
    rfm: file.rfm,
    clv: file.clv,
    version: file.version,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
  });
};

export interface PatchOutcome {
  plain: CustomerPlainFields;
  /** Sensitive paths with a new value, to seal. */
  set: SensitiveValues;
  /** Sensitive paths that no longer have a value. */
  unset: string[];
  /** Top-level fields the patch named (for the audit entry and the event, never values). */
  changed: string[];
}

const mergeObject = (current: Record<string, unknown> | undefined, patch: Record<string, unknown>) => {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
};

const scalarSensitive = ['phone', 'email', 'idNumber', 'birthday'] as const;

/**
 * Applies a JSON Merge Patch to a customer: `null` removes, nested objects merge, arrays replace.
 * Sensitive fields come out as paths to seal (`set`) and paths to drop (`unset`); values that the
 * patch does not name keep their ciphertext untouched.
 */
export const applyCustomerPatch = (file: CustomerFile, patch: CustomerPatch): PatchOutcome => {
  const set: SensitiveValues = {};
  const unset: string[] = [];
  const plain: Record<string, unknown> = { ...file.plain };
  const { address, contacts, externalIds, customFields, ...rest } = patch;

  for (const field of scalarSensitive) {
    const value = rest[field];
    delete (rest as Record<string, unknown>)[field];
    if (value === null) unset.push(field);
    else if (value !== undefined) set[field] = value;
  }
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    if (value === null) delete plain[key];
    else if (typeof value === 'object' && !Array.isArray(value)) plain[key] = mergeObject(plain[key] as Record<string, unknown>, value);
    else plain[key] = value;
  }
  if (address === null) {
    delete plain.address;
    unset.push('address.line1', 'address.postalCode');
  } else if (address) {
    const { line1, postalCode, ...places } = address;
    for (const [path, value] of [['address.line1', line1], ['address.postalCode', postalCode]] as const) {
      if (value === null) unset.push(path);
      else if (value !== undefined) set[path] = value;
    }
    plain.address = mergeObject(file.plain.address, places) ?? {};
  }
  if (contacts !== undefined) {
    unset.push(...Object.keys(file.sealed).filter((path) => path.startsWith('contacts.')));
    if (contacts === null) {
      delete plain.contacts;
    } else {
      const split = splitContacts(contacts);
      plain.contacts = split.plain;
      Object.assign(set, split.sensitive);
    }
  }
  for (const [key, value] of [['externalIds', externalIds], ['customFields', customFields]] as const) {
    if (value === null) delete plain[key];
    else if (value !== undefined) plain[key] = mergeObject(plain[key] as Record<string, unknown>, value);
  }
  for (const path of Object.keys(set)) {
    const at = unset.indexOf(path);
    if (at >= 0) unset.splice(at, 1);
  }
  return {
    plain: plain as CustomerPlainFields,
    set,
    unset: unset.filter((path) => file.sealed[path] !== undefined),
    changed: Object.keys(patch).filter((key) => (patch as Record<string, unknown>)[key] !== undefined),
  };
};

/** The key names sort and search by: NFKC, lower case, single spaces (works for 张三 and Zoë alike). */
export const nameKey = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
