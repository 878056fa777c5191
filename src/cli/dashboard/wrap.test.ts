import { describe, expect, it } from 'vitest';
import { wrapWords } from './wrap.js';

describe('wrapWords', () => {
  const message =
    'horizontalpodautoscalers cannot be restarted, only deployments, statefulsets and daemonsets';

  it('breaks between words, every word kept whole', () => {
    const lines = wrapWords(message, 79);
    expect(lines).toEqual([
      'horizontalpodautoscalers cannot be restarted, only deployments, statefulsets',
      'and daemonsets',
    ]);
  });

  it('cuts a word longer than a line, and ends a text cut short in …', () => {
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapWords(message, 30, 2)).toEqual(['horizontalpodautoscalers', 'cannot be restarted, only…']);
    expect(wrapWords('short', 30, 1)).toEqual(['short']);
  });
});
