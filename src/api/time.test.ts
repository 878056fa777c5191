import { describe, expect, it } from 'vitest';
import { goDuration } from './time.js';

describe('goDuration', () => {
  it.each([
    [15_012, '15.012s'],
    [15_000, '15s'],
    [500, '500ms'],
    [65_500, '1m5.5s'],
    [3_600_000, '1h0m0s'],
    [0, '0s'],
  ])('%d ms is %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });
});
