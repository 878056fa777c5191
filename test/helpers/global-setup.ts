import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The CLI keeps V8's compiled code under $XDG_CACHE_HOME/minik8s (src/cli/load-bundle.ts): a
 * test run keeps its own in a folder of its own, removed at the end (and by
 * scripts/clean-test-leftovers.sh after a crash), never in the user's ~/.cache. Every test
 * process and every command they start inherits it.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-test-cache-'));
  process.env.XDG_CACHE_HOME = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
