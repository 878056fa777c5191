/** Kubernetes resource quantities ("100m", "1Gi", "2e3"): syntax and numeric value. */

export const QUANTITY_PATTERN = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a quantity as a number, or undefined when it is not a valid quantity. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY_PATTERN.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (Number.isNaN(base)) return undefined;
  const suffix = m[2];
  if (suffix in SUFFIX) return base * SUFFIX[suffix];
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  return exp ? base * 10 ** Number(exp[1]) : undefined;
}

/** A quantity as an exact decimal, digits × 10^exponent, for comparisons floats would get wrong. */
export interface ExactQuantity {
  digits: bigint;
  exponent: number;
}

const DECIMAL_EXPONENT: Record<string, number> = {
  '': 0,
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_POWER: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export function exactQuantity(q: unknown): ExactQuantity | undefined {
  if (typeof q !== 'number' && typeof q !== 'string') return undefined;
  const m = QUANTITY_PATTERN.exec(String(q).trim());
  const number = m && /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(m[1]);
  if (!m || !number || !(number[2] || number[3])) return undefined;
  const [, sign, whole, fraction = ''] = number;
  let digits = BigInt(`${sign}${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  const suffix = m[2];
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (suffix in DECIMAL_EXPONENT) exponent += DECIMAL_EXPONENT[suffix];
  else if (suffix in BINARY_POWER) digits *= 2n ** BigInt(BINARY_POWER[suffix]);
  else if (exp) exponent += Number(exp[1]);
  else return undefined;
  return { digits, exponent };
}

function aligned(a: ExactQuantity, b: ExactQuantity): [bigint, bigint, number] {
  const exponent = Math.min(a.exponent, b.exponent);
  const scale = (q: ExactQuantity) => q.digits * 10n ** BigInt(q.exponent - exponent);
  return [scale(a), scale(b), exponent];
}

export function addQuantities(a: ExactQuantity, b: ExactQuantity): ExactQuantity {
  const [x, y, exponent] = aligned(a, b);
  return { digits: x + y, exponent };
}

/** -1, 0 or 1, as Quantity.Cmp. */
export function compareQuantities(a: ExactQuantity, b: ExactQuantity): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Quantity.ScaledValue: the value in units of 10^scale, rounded up as apimachinery rounds. */
export function scaledValue(q: ExactQuantity, scale: number): bigint {
  const shift = q.exponent - scale;
  if (shift >= 0) return q.digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const whole = q.digits / divisor;
  return q.digits % divisor > 0n ? whole + 1n : whole;
}

/** Quantity.MilliValue, as a number: what the autoscaler and `kubectl top` compute with. */
export function milliValue(q: ExactQuantity): number {
  return Number(scaledValue(q, -3));
}

const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL_EXPONENT).map(([suffix, exp]) => [exp, suffix]));
const BINARY_SUFFIX = new Map(Object.entries(BINARY_POWER).map(([suffix, power]) => [power, suffix]));

/**
 * The canonical text of a quantity, as Quantity.String() writes it: DecimalSI takes the largest
 * exponent (a multiple of 3) that keeps the mantissa whole, "250m" rather than "0.25"; BinarySI
 * takes the largest power of 1024, "12345Ki", and falls back to DecimalSI for small or
 * fractional values. Values finer than a nano are rounded up, as a Quantity cannot hold them.
 */
export function formatQuantity(q: ExactQuantity, format: 'DecimalSI' | 'BinarySI' = 'DecimalSI'): string {
  if (q.digits === 0n) return '0';
  if (format === 'BinarySI' && q.exponent >= 0) {
    const whole = q.digits * 10n ** BigInt(q.exponent);
    if (whole <= -1024n || whole >= 1024n) return binary(whole);
  }
  let { digits, exponent } = q.exponent < -9 ? { digits: scaledValue(q, -9), exponent: -9 } : q;
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent++;
  }
  const below = ((exponent % 3) + 3) % 3;
  digits *= 10n ** BigInt(below);
  exponent -= below;
  const suffix = DECIMAL_SUFFIX.get(exponent);
  return suffix === undefined ? `${digits}e${exponent}` : `${digits}${suffix}`;
}

function binary(value: bigint): string {
  let power = 0;
  while (value % 1024n === 0n && BINARY_SUFFIX.has(power + 10)) {
    value /= 1024n;
    power += 10;
  }
  return `${value}${BINARY_SUFFIX.get(power) ?? ''}`;
}
