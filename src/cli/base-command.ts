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

  protected override async catch(err: Error & { oclif?: { exit?: number } }): Promise<unknown> {
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

/** Flags of the commands that talk to a cluster's API, as kubectl spells them. */
export const kubeFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use.', helpGroup: 'CONNECTION' }),
  context: Flags.string({ description: 'The kubeconfig context to use.', helpGroup: 'CONNECTION' }),
  namespace: Flags.string({ char: 'n', description: 'The namespace to act in.' }),
};
