import { goNumber } from './yaml11.js';

/** A value as Go's fmt `%v` prints what JSON decodes to, as kubectl's custom columns show it. */
export function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isFinite(v) ? goNumber(v) : String(v);
  if (typeof v !== 'object') return String(v);
  const m = v as Record<string, unknown>;
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${goValue(m[k])}`)
    .join(' ')}]`;
}
