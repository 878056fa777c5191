import { describe, expect, it } from 'vitest';
import { goSort } from './go-sort.js';

describe("Go's sort.Sort", () => {
  it('sorts any list, short or long, sorted or reversed', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % 50;
    };
    for (const n of [0, 1, 5, 12, 13, 40, 49, 50, 51, 200, 1000]) {
      const values = Array.from({ length: n }, random);
      const expected = [...values].sort((a, b) => a - b);
      expect(goSort(values, (a, b) => a < b)).toEqual(expected);
      expect(goSort(expected, (a, b) => a < b)).toEqual(expected);
      expect(goSort([...expected].reverse(), (a, b) => a < b)).toEqual(expected);
    }
  });

  it('keeps equal elements in order up to twelve (insertion sort), and not beyond', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => ({ key: i % 2, i }));
    const sorted = goSort(twelve, (a, b) => a.key < b.key);
    expect(sorted.map((x) => x.i)).toEqual([0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11]);
    const twenty = Array.from({ length: 20 }, (_, i) => ({ key: i % 2, i }));
    const order = goSort(twenty, (a, b) => a.key < b.key).map((x) => x.i);
    expect(order.slice(0, 10).every((i) => i % 2 === 0)).toBe(true);
    expect(order).not.toEqual([...order].sort((a, b) => (a % 2) - (b % 2) || a - b));
  });
});
