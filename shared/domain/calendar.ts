/**
 * Time in a tenant's own zone. Pure: the instant and the IANA zone are passed in, and Intl does the
 * zone arithmetic (daylight saving included), so a tenant in America/New_York is served at its own
 * 09:00 in January (14:00 UTC) and in July (13:00 UTC).
 */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

export const localTimeOf = (instant: Date, timeZone: string): LocalTime => {
  const parts = Object.fromEntries(formatterOf(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
};

const pad = (value: number) => String(value).padStart(2, '0');

/** `MM-DD` of a local date, as birthdays are indexed. */
export const monthDayOf = (local: Pick<LocalTime, 'month' | 'day'>): string => `${pad(local.month)}-${pad(local.day)}`;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The birthdays (`MM-DD`) celebrated on a local date. A 29 February birthday is celebrated on
 * 28 February in other years, or on 1 March where the tenant says so.
 */
export const birthdaysCelebratedOn = (local: Pick<LocalTime, 'year' | 'month' | 'day'>, leapDayOn: 'feb28' | 'mar1'): string[] => {
  const today = monthDayOf(local);
  if (isLeapYear(local.year)) return [today];
  if (leapDayOn === 'feb28' && today === '02-28') return [today, '02-29'];
  if (leapDayOn === 'mar1' && today === '03-01') return [today, '02-29'];
  return [today];
};

/**
 * The instant at `hour`:00 local time on the local date of `instant`, or the next day's when that
 * hour has passed: where an SMS held through quiet hours goes out.
 */
export const nextLocalHour = (instant: Date, timeZone: string, hour: number): Date => {
  // Every zone's offset is a multiple of 15 minutes: walk quarter hours, at most a day and a bit,
  // exact across a daylight-saving change.
  const quarter = 15 * 60_000;
  const start = new Date(Math.ceil(instant.getTime() / quarter) * quarter);
  for (let step = 0; step <= 26 * 4; step += 1) {
    const candidate = new Date(start.getTime() + step * quarter);
    const local = localTimeOf(candidate, timeZone);
    if (local.hour === hour && local.minute === 0) return candidate;
  }
  return new Date(instant.getTime() + 24 * 3600 * 1000);
};

/** Whether a local hour falls in quiet hours that may wrap midnight (21 → 8). */
export const inQuietHours = (hour: number, quiet: { start: number; end: number }): boolean =>
  quiet.start === quiet.end ? false : quiet.start < quiet.end ? hour >= quiet.start && hour < quiet.end : hour >= quiet.start || hour < quiet.end;
