import { describe, expect, it } from 'vitest';
import { birthdaysCelebratedOn, inQuietHours, localTimeOf, nextLocalHour } from '#shared/domain/calendar';

describe('the tenant-local calendar', () => {
  it("reads an instant in the tenant's zone, daylight saving included", () => {
    expect(localTimeOf(new Date('2027-01-12T14:00:00Z'), 'America/New_York')).toEqual({ year: 2027, month: 1, day: 12, hour: 9, minute: 0 });
    expect(localTimeOf(new Date('2027-07-12T13:00:00Z'), 'America/New_York')).toMatchObject({ hour: 9 });
    expect(localTimeOf(new Date('2027-12-31T16:30:00Z'), 'Asia/Shanghai')).toEqual({ year: 2028, month: 1, day: 1, hour: 0, minute: 30 });
    expect(localTimeOf(new Date('2027-05-14T01:00:00Z'), 'Asia/Kolkata')).toMatchObject({ hour: 6, minute: 30 });
  });

  it('celebrates 29 February on the day in leap years, else on 28 February or 1 March as the tenant says', () => {
    expect(birthdaysCelebratedOn({ year: 2028, month: 2, day: 29 }, 'feb28')).toEqual(['02-29']);
    expect(birthdaysCelebratedOn({ year: 2028, month: 2, day: 28 }, 'feb28')).toEqual(['02-28']);
    expect(birthdaysCelebratedOn({ year: 2027, month: 2, day: 28 }, 'feb28')).toEqual(['02-28', '02-29']);
    expect(birthdaysCelebratedOn({ year: 2027, month: 3, day: 1 }, 'feb28')).toEqual(['03-01']);
    expect(birthdaysCelebratedOn({ year: 2027, month: 2, day: 28 }, 'mar1')).toEqual(['02-28']);
    expect(birthdaysCelebratedOn({ year: 2027, month: 3, day: 1 }, 'mar1')).toEqual(['03-01', '02-29']);
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    expect(birthdaysCelebratedOn({ year: 2100, month: 2, day: 28 }, 'feb28')).toEqual(['02-28', '02-29']);
    expect(birthdaysCelebratedOn({ year: 2000, month: 2, day: 28 }, 'feb28')).toEqual(['02-28']);
  });

  it('knows quiet hours that wrap midnight, and that equal start and end mean none', () => {
    const night = { start: 21, end: 8 };
    expect([20, 21, 23, 0, 7, 8].map((hour) => inQuietHours(hour, night))).toEqual([false, true, true, true, true, false]);
    expect([12, 13, 14].map((hour) => inQuietHours(hour, { start: 13, end: 14 }))).toEqual([false, true, false]);
    expect(inQuietHours(3, { start: 0, end: 0 })).toBe(false);
  });

  it('finds the next local 08:00, tonight or tomorrow, across a daylight-saving change', () => {
    expect(nextLocalHour(new Date('2027-06-03T15:00:00Z'), 'Asia/Shanghai', 8).toISOString()).toBe('2027-06-04T00:00:00.000Z');
    expect(nextLocalHour(new Date('2027-06-03T23:30:00Z'), 'Asia/Shanghai', 8).toISOString()).toBe('2027-06-04T00:00:00.000Z');
    // New York springs forward at 02:00 on 14 March 2027: 08:00 that morning is 12:00 UTC, not 13:00.
    expect(nextLocalHour(new Date('2027-03-14T03:00:00Z'), 'America/New_York', 8).toISOString()).toBe('2027-03-14T12:00:00.000Z');
    // … and falls back on 7 November: 08:00 is 13:00 UTC again.
    expect(nextLocalHour(new Date('2027-11-07T02:00:00Z'), 'America/New_York', 8).toISOString()).toBe('2027-11-07T13:00:00.000Z');
  });
});
