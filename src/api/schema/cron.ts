/**
 * CronJob schedules. What Kubernetes accepts is what robfig/cron's standard parser accepts
 * (five fields, day of week 0-6, its descriptors and `@every`), with its messages, checked
 * here; when a schedule fires is cron-parser's to work out, time zones and DST included (a
 * start inside a skipped hour moves forward, as Go's time.Date moves it).
 */
import { CronExpressionParser } from 'cron-parser';

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

// robfig's descriptors, as the five fields cron-parser reads (it knows no @midnight).
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const EVERY = /^@every\s+((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/;
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

function parseValue(s: string, field: (typeof FIELDS)[number]): number {
  const named = field.names?.indexOf(s.toLowerCase()) ?? -1;
  if (named >= 0) return named + (field.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(s))
    throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  return Number(s);
}

function checkRange(expr: string, field: (typeof FIELDS)[number]): void {
  const [range, step, ...extra] = expr.split('/');
  if (extra.length) throw new Error(`too many slashes: ${expr}`);
  let start = field.min;
  let end = field.max;
  if (range !== '*' && range !== '?') {
    const bounds = range.split('-');
    if (bounds.length > 2) throw new Error(`too many hyphens: ${expr}`);
    start = parseValue(bounds[0], field);
    end = bounds.length === 2 ? parseValue(bounds[1], field) : start;
  }
  if (step !== undefined) {
    if (!/^\d+$/.test(step))
      throw new Error(`failed to parse int from ${step}: strconv.Atoi: parsing "${step}": invalid syntax`);
    if (Number(step) === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  }
  if (start < field.min)
    throw new Error(`beginning of range (${start}) below minimum (${field.min}): ${expr}`);
  if (end > field.max) throw new Error(`end of range (${end}) above maximum (${field.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
}

/** Returns the parser's error message, or undefined when the schedule is valid. */
export function cronScheduleError(schedule: string): string | undefined {
  const spec = schedule.trim();
  if (!spec) return 'empty spec string';
  if (spec.startsWith('@')) {
    if (DESCRIPTORS[spec]) return undefined;
    if (spec.startsWith('@every ')) return EVERY.test(spec) ? undefined : `failed to parse duration ${spec}`;
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  try {
    fields.forEach((f, i) => {
      for (const part of f.split(',')) checkRange(part, FIELDS[i]);
    });
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

/** When a schedule fires: the first time strictly after `after` (ms since the epoch). */
export interface CronSchedule {
  next(after: number): number;
}

/**
 * A valid schedule in a time zone (the process's own when none is given, as
 * kube-controller-manager reads schedules without a timeZone). Throws when no time ever
 * matches it ("0 0 31 2 *"): Kubernetes accepts such a schedule and its controller says so.
 */
export function cronSchedule(schedule: string, timeZone?: string): CronSchedule {
  const spec = schedule.trim();
  const every = EVERY.exec(spec);
  if (every) {
    const ms = [...every[1].matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce(
      (sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit],
      0,
    );
    // robfig's ConstantDelaySchedule: whole seconds, at least one.
    const delay = Math.max(1000, Math.floor(ms / 1000) * 1000);
    return { next: (after) => Math.floor(after / 1000) * 1000 + delay };
  }
  const fields = DESCRIPTORS[spec] ?? spec;
  CronExpressionParser.parse(fields, { tz: timeZone });
  return {
    next: (after) =>
      CronExpressionParser.parse(fields, { currentDate: new Date(after), tz: timeZone })
        .next()
        .getTime(),
  };
}
