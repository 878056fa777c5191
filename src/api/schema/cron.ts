/** Checks a CronJob schedule the way robfig/cron's standard parser (used by Kubernetes) reads it. */

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

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

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
    if (DESCRIPTORS.includes(spec)) return undefined;
    if (spec.startsWith('@every '))
      return /^@every\s+(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(spec)
        ? undefined
        : `failed to parse duration ${spec}`;
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
