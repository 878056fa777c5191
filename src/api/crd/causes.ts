/**
 * Field paths and field errors as apimachinery's util/validation/field writes them, for the
 * causes the CRD validations give: `properties[spec].items`, `[0]`, Go's `%v` of numbers.
 */
import { fieldErrors, showValue } from '../schema/field-errors.js';
import type { StatusCause } from '../types.js';

export const child = (path: string, name: string) => (path ? `${path}.${name}` : name);
export const key = (path: string, k: string) => `${path}[${k}]`;
export const index = (path: string, i: number) => `${path}[${i}]`;

/** Go's `%v` of a float64: the shortest digits, with an exponent from 1e+06 and below 1e-04. */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21 || (exp >= 6 && Number.isInteger(n))) {
    const [mantissa, e] = n.toExponential().split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[-+]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/** A bad value as Go's field.Error prints it: JSON integers are int64, other numbers float64. */
export function goValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return goFloat(value);
  return showValue(value);
}

export const causes = {
  ...fieldErrors,
  invalid: (field: string, value: unknown, detail: string): StatusCause => ({
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${goValue(value)}: ${detail}`,
    field,
  }),
  /** NotSupported quotes every allowed value, strings or not (strconv.Quote(fmt.Sprint(v))). */
  notSupported: (field: string, value: unknown, supported: unknown[]): StatusCause => ({
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${goValue(value)}: supported values: ${supported
      .map((s) => JSON.stringify(typeof s === 'string' ? s : JSON.stringify(s)))
      .join(', ')}`,
    field,
  }),
  tooMany: (field: string, actual: number, max: number): StatusCause => ({
    reason: 'FieldValueTooMany',
    message: `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}`,
    field,
  }),
  tooLong: (field: string, max: number): StatusCause => ({
    reason: 'FieldValueTooLong',
    message: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`,
    field,
  }),
};

/** Kubernetes sorts structural-schema errors by their text so their order never changes. */
export function sortCauses(list: StatusCause[]): StatusCause[] {
  const text = (c: StatusCause) => `${c.field}: ${c.message}`;
  return [...list].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}
