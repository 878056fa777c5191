import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from './helpers/cluster.js';

// The built CLI (`npm run build`) keeps V8's compiled code of each command under
// $XDG_CACHE_HOME/minik8s (src/cli/load-bundle.ts); what a command prints never depends on it.
const run = promisify(execFile);
const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function cacheHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'minik8s-compile-cache-'));
  homes.push(home);
  return home;
}

async function minik8s(home: string, args: string[], extra: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, [BIN, ...args], {
    env: { ...process.env, XDG_CACHE_HOME: home, NO_COLOR: '1', ...extra },
  });
  return stdout;
}

const files = (home: string) => readdirSync(join(home, 'minik8s')).sort();

describe('the compile cache', () => {
  it('is written by the first run of a command, used by the next, and rewritten when damaged', async () => {
    const home = cacheHome();
    const help = await minik8s(home, ['get', '--help']);
    expect(help).toContain('Display one or many resources.');
    const [file] = files(home);
    // Named for the bundle's content (its first line holds the hash), not its size or time.
    const bundle = readFileSync(join(BIN, '../../dist/cli-bundle/index.cjs'), 'latin1').slice(0, 100);
    const hash = /^\/\/ minik8s-bundle ([0-9a-f]{16}) /.exec(bundle)?.[1];
    expect(file).toMatch(new RegExp(`^get\\.[0-9a-f]+\\.${hash}-v[\\d.]+-\\w+\\.v8$`));
    const written = readFileSync(join(home, 'minik8s', file));

    expect(await minik8s(home, ['get', '--help'])).toBe(help);
    expect(readFileSync(join(home, 'minik8s', file)).equals(written)).toBe(true);

    writeFileSync(join(home, 'minik8s', file), 'not V8 code');
    expect(await minik8s(home, ['get', '--help'])).toBe(help);
    expect(readFileSync(join(home, 'minik8s', file)).length).toBeGreaterThan(1000);

    // What a writer that ended left half-written goes with the next write.
    writeFileSync(join(home, 'minik8s', `${file}.4194305`), 'half');
    await minik8s(home, ['--help']);
    expect(files(home)).toEqual([file, expect.stringMatching(/^other\..*\.v8$/)]);
  });

  it('is neither read nor written with NODE_DISABLE_COMPILE_CACHE', async () => {
    const home = cacheHome();
    const help = await minik8s(home, ['get', '--help'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(help).toContain('Display one or many resources.');
    expect(() => files(home)).toThrow(/ENOENT/);
  });
});
