import { describe, expect, it } from 'vitest';
import { addQuantities, compareQuantities, exactQuantity } from './quantity.js';

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
