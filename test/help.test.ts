import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers/cluster.js';

// Every command of the built CLI (`npm run build`), hidden ones included: `--help` shows examples
// of that very command.
const run = promisify(execFile);

describe('minik8s --help', () => {
  it('has examples for every command', async () => {
    const { COMMANDS } = createRequire(import.meta.url)('../dist/cli-bundle/index.cjs') as {
      COMMANDS: Record<string, unknown>;
    };
    const ids = Object.keys(COMMANDS);
    expect(ids.length).toBeGreaterThan(30);
    const missing: string[] = [];
    for (const id of ids) {
      const words = id.split(':');
      const { stdout } = await run(process.execPath, [BIN, ...words, '--help'], {
        env: { ...process.env, NO_COLOR: '1' },
      });
      const examples = stdout.split(/^EXAMPLES$/m)[1] ?? '';
      if (
        !examples.includes(`$ minik8s ${words.join(' ')}`) &&
        !examples.includes(`minik8s ${words.join(' ')}`)
      )
        missing.push(id);
    }
    expect(missing).toEqual([]);
  }, 120_000);
});
