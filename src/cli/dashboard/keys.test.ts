import { describe, expect, it } from 'vitest';
import { footerKeys, helpLines, KEYS } from './keys.js';
import { VIEWS } from './views.js';

describe('the footer', () => {
  it('fits an 80-column terminal (79 drawn) in every view', () => {
    for (const view of VIEWS) expect([...footerKeys(view)].length, view).toBeLessThanOrEqual(79);
  });

  it('offers in each view only the keys that act there', () => {
    expect(footerKeys('health')).toBe('?:help 1-6:view q:quit');
    expect(footerKeys('pods')).toContain('l:logs');
    expect(footerKeys('workloads')).toContain('s:scale r:restart');
    for (const view of VIEWS.filter((v) => v !== 'pods')) expect(footerKeys(view)).not.toContain('l:logs');
    expect(footerKeys('nodes')).not.toContain('n:ns');
  });

  it('names the node key where it acts, and j/k never stand for it', () => {
    expect(footerKeys('nodes')).toContain('shift-K:stop/start node');
    for (const view of VIEWS.filter((v) => v !== 'nodes')) expect(footerKeys(view)).not.toContain('K:');
  });
});

describe('the help', () => {
  it('wraps to an 80-column terminal (79 drawn), every word kept', () => {
    const lines = helpLines(79);
    for (const [key, what] of lines) expect([...`${key}${what}`].length, what).toBeLessThanOrEqual(79);
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(words(lines.map(([k, w]) => `${k} ${w}`).join(' '))).toEqual(
      words(KEYS.map(([k, w]) => `${k} ${w}`).join(' ')),
    );
    expect(lines.length).toBeGreaterThan(KEYS.length);
  });
});
