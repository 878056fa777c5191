/** IntOrString fields that hold a count or a percentage of one (maxUnavailable, minAvailable). */

import type { StatusCause } from '../types.js';
import { fieldErrors as fe } from './field-errors.js';

const PERCENT = /^\d+%$/;
const PERCENT_MESSAGE =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** Kubernetes' ValidateNonnegativeIntOrPercent, and IsNotMoreThan100Percent when `atMost100`. */
export function intOrPercentCauses(v: unknown, path: string, atMost100: boolean): StatusCause[] {
  if (typeof v === 'number') return v < 0 ? [fe.invalid(path, v, 'must be greater than or equal to 0')] : [];
  if (typeof v !== 'string') return [];
  if (!PERCENT.test(v)) return [fe.invalid(path, v, PERCENT_MESSAGE)];
  return atMost100 && Number(v.slice(0, -1)) > 100
    ? [fe.invalid(path, v, 'must not be greater than 100%')]
    : [];
}

/**
 * intstr.GetScaledValueFromIntOrPercent: a count, or the percentage of `total`, rounded as asked
 * (maxSurge rounds up, maxUnavailable down); an unset value is 0.
 */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (!PERCENT.test(v)) throw new Error(`invalid value for IntOrString: invalid value "${v}"`);
  const scaled = (Number(v.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
