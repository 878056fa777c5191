import { describe, expect, it } from 'vitest';
import { goSort } from './go-sort.js';

describe("Go's sort.Sort", () => {
  it('orders what it is given by the less function, whatever the length', () => {
    for (const n of [0, 1, 5, 12, 13, 49, 50, 200, 1000]) {
      const items = Array.from({ length: n }, (_, i) => (i * 7919) % 101);
      expect(
        goSort(items, (a, b) => a < b),
        `${n} items`,
      ).toEqual([...items].sort((a, b) => a - b));
    }
  });

  it('sorts in place of insertion sort up to 12 items, ties kept where they were', () => {
    const items = ['b1', 'a1', 'b2', 'a2', 'c1'];
    expect(goSort(items, (x, y) => x[0] < y[0])).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
  });
});
