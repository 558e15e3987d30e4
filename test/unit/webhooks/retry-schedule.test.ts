import { describe, expect, it } from 'vitest';
import { DossierError } from '#shared/domain/errors';
import { nextAttemptAt, parseRetryAfter, shouldDisableEndpoint } from '#shared/webhooks/retry-schedule';

const lastAttemptAt = new Date('2026-03-15T09:00:00.000Z');
const secondsAfterLastAttempt = (at: Date | undefined): number => (at!.getTime() - lastAttemptAt.getTime()) / 1000;

const noJitter = (): number => 0.5;
const lowest = (): number => 0;
const highest = (): number => 0.999_999;

// API.md: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
const nominalSeconds = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];

describe('nextAttemptAt', () => {
  it.each(nominalSeconds.map((seconds, index) => [index + 1, seconds]))(
    'waits the nominal delay after failed attempt %i (%i s) when the jitter is zero',
    (attempt, seconds) => {
      expect(secondsAfterLastAttempt(nextAttemptAt(attempt, lastAttemptAt, noJitter))).toBe(seconds);
    },
  );

  it('keeps every delay within 20 % of the nominal one, however the dice fall', () => {
    const draws = [lowest, highest, Math.random, Math.random, Math.random];

    const delays = nominalSeconds.map((_, index) =>
      draws.map((random) => secondsAfterLastAttempt(nextAttemptAt(index + 1, lastAttemptAt, random))),
    );

    delays.forEach((ofAttempt, index) => {
      for (const delay of ofAttempt) {
        expect(delay).toBeGreaterThanOrEqual(nominalSeconds[index]! * 0.8);
        expect(delay).toBeLessThanOrEqual(nominalSeconds[index]! * 1.2);
      }
    });
  });

  it('spreads retries of deliveries that failed together', () => {
    const early = nextAttemptAt(4, lastAttemptAt, lowest);

    const late = nextAttemptAt(4, lastAttemptAt, highest);

    expect(secondsAfterLastAttempt(early)).toBe(2 * 3600 * 0.8);
    expect(secondsAfterLastAttempt(late)).toBeCloseTo(2 * 3600 * 1.2, 0);
  });

  it('gives up after the eighth attempt, seven retries in all', () => {
    expect(nextAttemptAt(7, lastAttemptAt, noJitter)).toBeDefined();
    expect(nextAttemptAt(8, lastAttemptAt, noJitter)).toBeUndefined();
    expect(nextAttemptAt(9, lastAttemptAt, noJitter)).toBeUndefined();
  });

  it('waits longer when the receiver asks, within twice the scheduled delay', () => {
    const asked = nextAttemptAt(2, lastAttemptAt, noJitter, 450);

    expect(secondsAfterLastAttempt(asked)).toBe(450);
  });

  it('does not retry sooner than scheduled when the receiver asks for less', () => {
    const asked = nextAttemptAt(2, lastAttemptAt, noJitter, 1);

    expect(secondsAfterLastAttempt(asked)).toBe(300);
  });

  it('waits no more than twice the scheduled delay when the receiver asks for days', () => {
    const asked = nextAttemptAt(2, lastAttemptAt, noJitter, 7 * 24 * 3600);

    expect(secondsAfterLastAttempt(asked)).toBe(600);
  });

  it('still gives up after the eighth attempt when the receiver asks to be retried', () => {
    expect(nextAttemptAt(8, lastAttemptAt, noJitter, 60)).toBeUndefined();
  });

  it.each([0, -1, 1.5])('refuses attempt number %d', (attempt) => {
    expect(() => nextAttemptAt(attempt, lastAttemptAt, noJitter)).toThrow(DossierError);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-15T09:00:00.000Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 30 ', now)).toBe(30);
  });

  it('reads an HTTP-date as the seconds from now until then', () => {
    expect(parseRetryAfter('Sun, 15 Mar 2026 09:02:00 GMT', now)).toBe(120);
  });

  it('reads the obsolete RFC 850 date form', () => {
    expect(parseRetryAfter('Sunday, 15-Mar-26 09:01:00 GMT', now)).toBe(60);
  });

  it('reads a date already past as no wait at all', () => {
    expect(parseRetryAfter('Sun, 15 Mar 2026 08:00:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '5.5', '2026-03-15T09:02:00Z', 'Sun, 99 Foo 2026 GMT'])(
    'ignores %j, which is neither seconds nor an HTTP-date',
    (header) => {
      expect(parseRetryAfter(header, now)).toBeUndefined();
    },
  );
});

describe('shouldDisableEndpoint', () => {
  const firstFailureAt = new Date('2026-03-10T09:00:00.000Z');
  const daysLater = (days: number): Date => new Date(firstFailureAt.getTime() + days * 24 * 3600 * 1000);

  it('disables an endpoint at once when it answers 410 Gone', () => {
    expect(shouldDisableEndpoint({ firstFailureAt: daysLater(0), now: daysLater(0), statusCode: 410 })).toBe(true);
  });

  it('disables an endpoint that has failed everything for 5 days', () => {
    expect(shouldDisableEndpoint({ firstFailureAt, now: daysLater(5), statusCode: 500 })).toBe(true);
    expect(shouldDisableEndpoint({ firstFailureAt, now: daysLater(6) })).toBe(true);
  });

  it('keeps an endpoint that has failed for 4 days', () => {
    expect(shouldDisableEndpoint({ firstFailureAt, now: daysLater(4), statusCode: 500 })).toBe(false);
    expect(shouldDisableEndpoint({ firstFailureAt, now: daysLater(4.99) })).toBe(false);
  });

  it.each([404, 429, 500, 503])('keeps an endpoint that answered %i on its first failure', (statusCode) => {
    expect(shouldDisableEndpoint({ firstFailureAt, now: firstFailureAt, statusCode })).toBe(false);
  });
});
