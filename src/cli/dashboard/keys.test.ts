import { describe, expect, it } from 'vitest';
import { footerKeys } from './keys.js';
import { VIEWS } from './views.js';

describe('the footer', () => {
  it('fits an 80-column terminal (79 drawn) in every view', () => {
    for (const view of VIEWS) expect([...footerKeys(view)].length, view).toBeLessThanOrEqual(79);
  });

  it('names the node key where it acts, and j/k never stand for it', () => {
    expect(footerKeys('nodes')).toContain('shift-K:stop/start node');
    for (const view of VIEWS.filter((v) => v !== 'nodes')) expect(footerKeys(view)).not.toContain('K:');
  });
});
