import { Command, Flags } from '@oclif/core';
import { errorLine } from './error-line.js';

/**
 * Every minik8s command: failures end as one line on stderr and exit code 1 (the stack too with
 * --verbose or DEBUG); oclif's own usage errors keep oclif's rendering.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    verbose: Flags.boolean({ description: 'Print the stack of an error.', helpGroup: 'GLOBAL' }),
  };

  protected override async catch(
    err: Error & { oclif?: { exit?: number }; parse?: unknown; flags?: string[] },
  ): Promise<unknown> {
    // Flags and arguments that do not parse: one line as kubectl words it, and where help is.
    // A flag's own parse failing reads "Parsing --flag\n\t<why>" in oclif's words.
    const flagValue = /^Parsing --\S+\s*\n\t(.+)/.exec(err.message ?? '');
    if ((err.oclif && err.parse !== undefined) || flagValue) {
      this.logToStderr(`error: ${flagValue ? flagValue[1] : usageError(err)}`);
      this.logToStderr(`See '${this.config.bin} ${(this.id ?? '').split(':').join(' ')} --help' for usage.`);
      return this.exit(1);
    }
    if (err.oclif) return super.catch(err);
    if (this.argv.includes('--verbose') || process.env.DEBUG) this.logToStderr(err.stack ?? String(err));
    this.logToStderr(errorLine(err));
    return this.exit(1);
  }
}

/**
 * kubectl's --pod-running-timeout, in ms: how long exec, logs and port-forward given a Service
 * or workload wait for it to have a pod (`def` is kubectl's default for the command).
 */
export const podRunningTimeout = (def: string) =>
  Flags.custom<number>({
    description: 'How long to wait for a pod of the Service or workload to exist (e.g. 20s, 1m).',
    helpValue: 'DURATION',
    default: async () => (await import('../api/time.js')).parseGoDuration(def)!,
    defaultHelp: async () => def,
    parse: async (value) => {
      const ms = (await import('../api/time.js')).parseGoDuration(value);
      if (ms === undefined)
        throw new Error(
          `invalid argument "${value}" for "--pod-running-timeout" flag: time: invalid duration "${value}"`,
        );
      if (ms <= 0) throw new Error('--pod-running-timeout must be higher than zero');
      return ms;
    },
  })();

/** An oclif parse error in kubectl's words where kubectl has some, else its own first line. */
function usageError(err: Error & { flags?: string[] }): string {
  const text = err.message.replace(/\x1b\[[0-9;]*m/g, '');
  if (err.flags?.length) return `unknown flag: ${err.flags[0]}`;
  const missing = [...text.matchAll(/Missing required flag (\S+)/g)].map((m) => `"${m[1]}"`);
  if (missing.length) return `required flag(s) ${missing.join(', ')} not set`;
  const [first, next] = text.split('\n').filter((l) => l.trim());
  // "Missing 1 required arg:" names the argument on the next line.
  return first.endsWith(':') && next ? `${first} ${next.trim().split(/\s{2,}/)[0]}` : first;
}

/** Flags of the commands that talk to a cluster's API, as kubectl spells them. */
export const kubeFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use.', helpGroup: 'CONNECTION' }),
  context: Flags.string({ description: 'The kubeconfig context to use.', helpGroup: 'CONNECTION' }),
  namespace: Flags.string({ char: 'n', description: 'The namespace to act in.' }),
};
