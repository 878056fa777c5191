import { describe, expect, it } from 'vitest';
import { cronSchedule, cronScheduleError } from './cron.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('cron schedules', () => {
  it.each([
    ['*/1 * * * *', undefined, '2026-01-01T00:00:30Z', '2026-01-01T00:01:00.000Z'],
    ['*/1 * * * *', undefined, '2026-01-01T00:01:00Z', '2026-01-01T00:02:00.000Z'],
    ['@hourly', 'UTC', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00.000Z'],
    ['@midnight', 'UTC', '2026-01-01T12:00:00Z', '2026-01-02T00:00:00.000Z'],
    ['0 0 13 * 5', 'UTC', '2026-01-03T00:00:00Z', '2026-01-09T00:00:00.000Z'],
    ['0 9 * * MON-FRI', 'Asia/Tokyo', '2026-01-02T01:00:00Z', '2026-01-05T00:00:00.000Z'],
    // 02:30 does not exist in Berlin that night: the start moves forward an hour, as in Go.
    ['30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-29T01:30:00.000Z'],
    ['@every 90s', undefined, '2026-01-01T00:00:00.400Z', '2026-01-01T00:01:30.000Z'],
  ])('%s in %s after %s fires at %s', (schedule, tz, after, next) => {
    expect(iso(cronSchedule(schedule, tz).next(at(after)))).toBe(next);
  });

  it.each([
    ['* * *', 'expected exactly 5 fields, found 3: [* * *]'],
    ['5 4 * * 7', 'end of range (7) above maximum (6): 7'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ])('refuses %s as Kubernetes does: %s', (schedule, message) => {
    expect(cronScheduleError(schedule)).toBe(message);
  });

  it('accepts a schedule no date matches, which its controller then reports', () => {
    expect(cronScheduleError('0 0 31 2 *')).toBeUndefined();
    expect(() => cronSchedule('0 0 31 2 *', 'UTC')).toThrow();
  });
});
