import { randomFor, type RandomSource } from './random-source.ts';
import {
  chineseGivenNames,
  chineseSurnames,
  companies,
  emailDomains,
  interactionTopics,
  latinFirstNames,
  latinSurnames,
  mobilePrefixes,
  places,
  products,
  sources,
  streets,
  tags,
} from './people.ts';

/**
 * Seed customers as staff would type them into `POST /v1/customers`: Chinese and Latin names,
 * mainland mobile numbers, birthdays spread over the whole year, addresses, tags, consent, some
 * business customers with contacts. Customer `index` of a run is always the same customer, and
 * phones, emails and external ids are unique per index, so a tenant seeded with indexes
 * 0…n-1 never hits a duplicate guard.
 */

export interface SeedOptions {
  /** The run's seed: the same seed and index give the same customer. */
  seed: number;
}

export type CustomerBody = Record<string, unknown> & { name: string; phone: string; birthday?: string };

const PHONE_SUBSCRIBERS = 100_000_000;
// Multiplying by a number coprime to 10 is a bijection on 0…10^8-1: distinct indexes, distinct numbers.
const PHONE_STRIDE = 48_271;

/** A valid mainland mobile number (national format), unique for each index of a run. */
export const phoneFor = (seed: number, index: number): string => {
  const prefix = mobilePrefixes[index % mobilePrefixes.length]!;
  const slot = Math.floor(index / mobilePrefixes.length);
  const subscriber = ((slot + (seed % PHONE_SUBSCRIBERS)) * PHONE_STRIDE) % PHONE_SUBSCRIBERS;
  return `${prefix}${String(subscriber).padStart(8, '0')}`;
};

const asciiOf = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

interface Person {
  name: string;
  gender: 'male' | 'female';
  emailLocal: string;
}

const personOf = (random: RandomSource, index: number): Person => {
  const gender = random.chance(0.55) ? 'female' : 'male';
  if (random.chance(0.8)) {
    const [surname, surnamePinyin] = random.pick(chineseSurnames);
    const given = random.chance(0.6) ? [random.pick(chineseGivenNames[gender])] : random.sample(chineseGivenNames[gender], 2);
    return {
      name: surname + given.map(([hanzi]) => hanzi).join(''),
      gender,
      emailLocal: `${given.map(([, pinyin]) => pinyin).join('')}.${surnamePinyin}.${index}`,
    };
  }
  const first = random.pick(latinFirstNames[gender]);
  const last = random.pick(latinSurnames);
  return { name: `${first} ${last}`, gender, emailLocal: `${asciiOf(first)}.${asciiOf(last)}.${index}` };
};

/** A birth date whose month-day is uniform over the year's 366 days (29 February only in leap years). */
export const birthdayOf = (random: RandomSource): string => {
  const dayOfLeapYear = random.int(0, 365);
  const date = new Date(Date.UTC(2000, 0, 1 + dayOfLeapYear));
  const monthDay = date.toISOString().slice(5, 10);
  let year = random.int(1955, 2006);
  if (monthDay === '02-29') year -= year % 4;
  return `${year}-${monthDay}`;
};

/** An 18-digit resident identity number with its ISO 7064 MOD 11-2 check character. */
const idNumberOf = (random: RandomSource, birthday: string): string => {
  const body = `${random.pick(['110101', '310104', '440106', '330106', '510104'])}${birthday.replaceAll('-', '')}${String(random.int(0, 999)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, position) => total + Number(digit) * weights[position]!, 0);
  return body + '10X98765432'[sum % 11]!;
};

export const customerBody = (options: SeedOptions, index: number): CustomerBody => {
  const random = randomFor(options.seed, index);
  const person = personOf(random, index);
  const birthday = birthdayOf(random);
  const place = random.pick(places);
  const business = random.chance(0.1);
  const company = random.pick(companies);
  return {
    type: business ? 'business' : 'individual',
    name: business ? company.name.replace(/有限公司$/, `${index}号有限公司`) : person.name,
    gender: business ? undefined : person.gender,
    birthday: business ? undefined : birthday,
    phone: phoneFor(options.seed, index),
    email: random.chance(0.85) ? `${person.emailLocal}@${random.pick(emailDomains)}` : undefined,
    idNumber: !business && random.chance(0.4) ? idNumberOf(random, birthday) : undefined,
    address: random.chance(0.7)
      ? {
          country: 'CN',
          province: place.province,
          city: place.city,
          district: random.pick(place.districts),
          line1: `${random.pick(streets)} ${random.int(1, 999)} 号`,
          postalCode: `${place.postalPrefix}${String(random.int(0, 999)).padStart(3, '0')}`,
        }
      : undefined,
    company: business ? { name: company.name, title: '采购经理', industry: company.industry } : undefined,
    contacts: business ? [{ name: person.name, title: '采购经理', role: 'buyer' }] : undefined,
    tags: random.sample(tags, random.int(0, 3)),
    source: random.pick(sources),
    preferences: random.chance(0.3)
      ? { products: random.sample(products, random.int(1, 3)), contactChannel: random.pick(['phone', 'sms', 'email', 'wechat'] as const) }
      : undefined,
    consent: { marketingSms: random.chance(0.6), marketingEmail: random.chance(0.3) },
    externalIds: random.chance(0.3) ? { pos: `M${String(index).padStart(7, '0')}` } : undefined,
  } as CustomerBody;
};

export interface History {
  transactions: Record<string, unknown>[];
  interactions: Record<string, unknown>[];
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * A customer's past: a few purchases over the last two years (three in ten never bought) and the
 * occasional conversation, oldest first, as they would have been recorded.
 */
export const historyFor = (options: SeedOptions, index: number, now: Date, maxPurchases = 6): History => {
  const random = randomFor(options.seed ^ 0x5eed, index);
  const purchases = random.chance(0.3) ? 0 : random.int(1, maxPurchases);
  const at = () => new Date(now.getTime() - random.int(1, 730) * DAY_MS - random.int(0, DAY_MS)).toISOString();
  const transactions = Array.from({ length: purchases }, () => {
    const product = random.pick(products);
    const quantity = random.int(1, 3);
    const unitPrice = random.int(20, 1500) * 100;
    return {
      occurredAt: at(),
      amount: { amount: unitPrice * quantity, currency: 'CNY' },
      channel: random.pick(['store', 'store', 'online', 'app'] as const),
      paymentMethod: random.pick(['wechat', 'wechat', 'alipay', 'card', 'cash'] as const),
      items: [{ name: product, quantity, unitPrice: { amount: unitPrice, currency: 'CNY' } }],
    };
  });
  const interactions = Array.from({ length: random.chance(0.6) ? random.int(0, 2) : 0 }, () => ({
    occurredAt: at(),
    channel: random.pick(['phone', 'wechat', 'visit', 'sms'] as const),
    direction: random.pick(['inbound', 'outbound'] as const),
    topic: random.pick(interactionTopics),
  }));
  const byTime = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.occurredAt).localeCompare(String(b.occurredAt));
  return { transactions: transactions.sort(byTime), interactions: interactions.sort(byTime) };
};
