import { describe, expect, it } from 'vitest';
import { parseRequestTimeout, withinTimeout } from './request-timeout.js';

describe('--request-timeout', () => {
  it("reads what client-go's ParseTimeout reads", () => {
    expect(parseRequestTimeout('')).toBe(0);
    expect(parseRequestTimeout('30')).toBe(30_000);
    expect(parseRequestTimeout('1m30s')).toBe(90_000);
    expect(parseRequestTimeout('1.5s')).toBe(1500);
    expect(parseRequestTimeout('500ms')).toBe(500);
    expect(parseRequestTimeout('-1s')).toBe(0);
    expect(() => parseRequestTimeout('1x')).toThrow('Invalid timeout value.');
  });

  it('waits for the work when the timeout is longer than a timer can hold', async () => {
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), 20));
    expect(await withinTimeout('600h', slow)).toBe('done');
    expect(await withinTimeout('10ms', () => new Promise(() => {}))).toBe('expired');
  });
});
