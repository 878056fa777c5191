import { describe, expect, it } from 'vitest';
import { addQuantities, compareQuantities, exactQuantity, formatQuantity, milliValue } from './quantity.js';

const q = (s: string | number) => {
  const parsed = exactQuantity(s);
  if (!parsed) throw new Error(`not a quantity: ${s}`);
  return parsed;
};

describe('exact quantities', () => {
  it.each([
    ['1', '1000m'],
    ['0.1', '100m'],
    ['0.3', '300m'],
    ['1Ki', '1024'],
    ['1Gi', '1024Mi'],
    ['1e3', '1k'],
    ['1.5G', '1500M'],
    [2, '2'],
  ])('%s equals %s', (a, b) => {
    expect(compareQuantities(q(a), q(b))).toBe(0);
  });

  it('orders and adds without rounding', () => {
    expect(compareQuantities(q('999m'), q('1'))).toBe(-1);
    expect(compareQuantities(q('1Mi'), q('1M'))).toBe(1);
    expect(compareQuantities(addQuantities(q('100m'), q('200m')), q('0.3'))).toBe(0);
  });

  it('rejects what is not a quantity', () => {
    for (const bad of ['', 'abc', '1x', '.', {}, undefined]) expect(exactQuantity(bad)).toBeUndefined();
  });
});

describe('canonical quantities, as Quantity.String() writes them', () => {
  it.each([
    [{ digits: 123456789n, exponent: -9 }, 'DecimalSI', '123456789n'],
    [{ digits: 250000000n, exponent: -9 }, 'DecimalSI', '250m'],
    [{ digits: 1500000n, exponent: -9 }, 'DecimalSI', '1500u'],
    [{ digits: 2000000000n, exponent: -9 }, 'DecimalSI', '2'],
    [{ digits: 0n, exponent: -9 }, 'DecimalSI', '0'],
    [{ digits: 105n, exponent: -3 }, 'DecimalSI', '105m'],
    [{ digits: 10485760000n, exponent: -3 }, 'DecimalSI', '10485760'],
    [{ digits: 12000n, exponent: 0 }, 'DecimalSI', '12k'],
    [{ digits: 12642304n, exponent: 0 }, 'BinarySI', '12346Ki'],
    [{ digits: 268435456n, exponent: 0 }, 'BinarySI', '256Mi'],
    [{ digits: 1536n, exponent: 0 }, 'BinarySI', '1536'],
    [{ digits: 512n, exponent: 0 }, 'BinarySI', '512'],
    [{ digits: 5n, exponent: -1 }, 'BinarySI', '500m'],
  ] as const)('%o in %s is %s', (q, format, text) => {
    expect(formatQuantity(q, format)).toBe(text);
  });

  it('reads milli-values rounded up, as MilliValue does', () => {
    expect(milliValue(q('0.1'))).toBe(100);
    expect(milliValue(q('12345678n'))).toBe(13);
    expect(milliValue(q('1Ki'))).toBe(1_024_000);
  });
});
