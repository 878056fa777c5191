// kubectl takes its global flags before the command word too (`kubectl -n kube-system get pods`).
// oclif reads the first word as the command, so bin/run.js hands such a command line here, and
// oclif gets it with the global flags after the command's words.
import { readFileSync } from 'node:fs';

/** The flags every minik8s command that talks to a cluster has, as kubectl's global ones. */
const VALUED = new Map([
  ['--namespace', '-n'],
  ['--context', ''],
  ['--kubeconfig', ''],
]);
const SWITCHES = new Set(['--verbose']);

export type Reordered = { args: string[] } | { error: string };

/**
 * `argv` with the global flags that come before the command moved after its words (before a
 * `--`), or kubectl's error when something else comes first. Only global flags, or --help after
 * them: the root help, as kubectl shows it.
 */
export function commandFirst(argv: string[], commands: Set<string>): Reordered {
  const globals: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    const long = /^(--[^=]+)(=.*)?$/s.exec(arg);
    const short = /^-n(.*)$/s.exec(arg);
    if (long && SWITCHES.has(long[1])) globals.push(arg);
    else if ((long && VALUED.has(long[1])) || short) {
      const attached = long ? long[2] !== undefined : short![1] !== '';
      if (attached) globals.push(arg);
      else if (i + 1 < argv.length) globals.push(arg, argv[++i]);
      else
        return {
          error: `Error: flag needs an argument: ${long ? arg : "'n' in -n"}\nSee 'minik8s --help' for usage.`,
        };
    } else break;
  }
  const word = argv[i];
  if (word === undefined || word === '--help' || word === '-h') return { args: ['--help'] };
  if (!commands.has(word)) return { error: `Error: flags cannot be placed before plugin name: ${argv[0]}` };
  const rest = argv.slice(i);
  const end = rest.indexOf('--');
  return {
    args: end < 0 ? [...rest, ...globals] : [...rest.slice(0, end), ...globals, ...rest.slice(end)],
  };
}

/** The command words minik8s has (each command's first word, and help), from oclif's manifest. */
export function commandWords(): Set<string> {
  const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'));
  return new Set(['help', ...Object.keys(manifest.commands).map((id) => id.split(':')[0])]);
}
