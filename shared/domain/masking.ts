import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The masked forms of sensitive fields (API.md, "Customers"), shown to everyone who may read a
 * customer and stored beside the ciphertext so lists never decrypt. A mask lets staff recognize
 * a value they already know ("the one ending 5678") without disclosing it: it never shows more
 * than the documented digits, and short values show less so a mask is never most of the value.
 * Names, company, city and tags are not sensitive and are not masked.
 */

const STARS = '***';

/**
 * Keeps `lead` characters at the start and `trail` at the end, stars in between (one star per
 * hidden character), but never shows more than `maxShown` characters in all.
 */
const starMiddle = (text: string, lead: number, trail: number, maxShown: number): string => {
  const chars = Array.from(text);
  let keepLead = lead;
  let keepTrail = trail;
  if (keepLead + keepTrail > maxShown) {
    keepTrail = Math.min(trail, Math.ceil(maxShown / 2));
    keepLead = Math.min(lead, maxShown - keepTrail);
  }
  const hidden = chars.length - keepLead - keepTrail;
  return chars.slice(0, keepLead).join('') + '*'.repeat(hidden) + chars.slice(chars.length - keepTrail).join('');
};

const half = (text: string): number => Math.floor(Array.from(text).length / 2);

/**
 * `+8613812345678` → `+86 138****5678`: the country calling code, then the national number with
 * its first 3 and last 4 digits kept. That is the usual Chinese practice for an 11-digit mobile;
 * a shorter national number shows at most half its digits (`+852 51****78`).
 */
export const maskPhone = (e164: string): string => {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return STARS;
  const national = parsed.nationalNumber as string;
  const maxShown = national.length >= 11 ? national.length - 4 : half(national);
  return `+${parsed.countryCallingCode} ${starMiddle(national, 3, 4, maxShown)}`;
};

/**
 * `zhang.wei@example.com` → `z***@example.com`: the first character of the local part and the
 * domain. A one-character local part is starred entirely, since its first character is all of it.
 */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at < 0) return STARS;
  const local = Array.from(email.slice(0, at));
  const shown = local.length > 1 ? local[0] : '';
  return `${shown}${STARS}${email.slice(at)}`;
};

/**
 * `110101199003071234` → `1101**********1234`: the first 4 and last 4 characters, one star per
 * hidden character; a short number (a passport, say) shows at most half of itself.
 */
export const maskIdNumber = (idNumber: string): string => starMiddle(idNumber, 4, 4, half(idNumber));

/** `1990-03-15` → `****-03-15`: the day stays visible for birthday greetings, the year (the age) does not. */
export const maskBirthday = (birthday: string): string => {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(birthday);
  return match ? `****-${match[1]}-${match[2]}` : '****-**-**';
};

/** An address line or postal code shows nothing, not even its length. */
export const maskAddressPart = (_value: string): string => STARS;

const masks: Record<string, (value: string) => string> = {
  phone: maskPhone,
  email: maskEmail,
  idNumber: maskIdNumber,
  birthday: maskBirthday,
  line1: maskAddressPart,
  postalCode: maskAddressPart,
};

/**
 * The masked form of a sensitive value by its field path (`phone`, `address.line1`,
 * `contacts.0.email`): the path's last segment picks the mask. A path with no mask of its own
 * gets `***`, so a newly added sensitive field is hidden rather than shown.
 */
export const maskField = (path: string, value: string): string => {
  const field = path.slice(path.lastIndexOf('.') + 1);
  const mask = Object.hasOwn(masks, field) ? masks[field] : undefined;
  return mask ? mask(value) : STARS;
};
