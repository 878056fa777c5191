import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../../test/helpers/cluster.js';

const run = promisify(execFile);

describe('minik8s completion', () => {
  let script: string;
  beforeAll(async () => {
    script = (await run(process.execPath, [BIN, 'completion', 'bash'])).stdout;
  });

  /** What bash offers after the words typed, the last one being completed. */
  const complete = async (...words: string[]) => {
    const probe = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _minik8s; echo "\${COMPREPLY[*]}"`;
    return (await run('bash', ['-c', probe])).stdout.trim().split(' ');
  };

  it('completes commands, topics and their subcommands in bash', async () => {
    expect(await complete('minik8s', 'ro')).toEqual(['rollout']);
    expect(await complete('minik8s', 'rollout', 'un')).toEqual(['undo']);
    expect(await complete('minik8s', '')).toEqual(
      expect.arrayContaining(['get', 'logs', 'metrics', 'completion']),
    );
  });

  it("completes a command's flags, after its arguments too", async () => {
    expect(await complete('minik8s', 'get', 'pods', '--sort')).toEqual(['--sort-by']);
    expect(await complete('minik8s', 'logs', '-l', 'app=web', '--all')).toEqual(['--all-containers']);
  });

  it('writes zsh and fish scripts, and refuses another shell', async () => {
    expect((await run(process.execPath, [BIN, 'completion', 'zsh'])).stdout).toContain('bashcompinit');
    const fish = (await run(process.execPath, [BIN, 'completion', 'fish'])).stdout;
    const line = (words: string, flag: string) =>
      fish.split('\n').find((l) => l.includes(`-n '__minik8s_at ${words}' -l ${flag} `));
    expect(line('logs', 'all-containers')).toBeDefined();
    // A command's flags follow its own words, whatever the arguments: `get node` is get's, and
    // `rollout status` is not the top-level `status`.
    expect(line('get', 'selector')).toBeDefined();
    expect(line('rollout status', 'timeout')).toBeDefined();
    expect(fish).not.toContain('__fish_seen_subcommand_from');
    expect(fish).toContain("set -g __minik8s_paths 'apply' ");
    // Files are completed after -f only.
    expect(line('apply', 'filename')).toContain(' -s f -r -F ');
    const bad = await run(process.execPath, [BIN, 'completion', 'tcsh']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({
      code: 1,
      stderr:
        "error: Expected tcsh to be one of: bash, zsh, fish\nSee 'minik8s completion --help' for usage.\n",
    });
  });
});
