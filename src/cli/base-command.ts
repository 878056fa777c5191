import type { Interfaces } from '@oclif/core';
import { Command, Flags } from '@oclif/core';
import { errorLine } from './error-line.js';
import { FlagError, pflagArgs } from './pflag-args.js';

type Output = { [name: string]: any };

/**
 * Every minik8s command: flags read as kubectl's pflag reads them; failures end as one line on
 * stderr and exit code 1 (the stack too with --verbose or DEBUG), flag and usage errors in
 * kubectl's words with where help is.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    verbose: Flags.boolean({ description: 'Print the stack of an error.', helpGroup: 'GLOBAL' }),
  };

  /** kubectl's own error when the command's required arguments are missing (else oclif's, reworded). */
  static missingArgs?: string;
  /** kubectl reports the missing arguments as a usage error, followed by where its help is. */
  static missingArgsHelp = false;

  /** oclif's parse of what kubectl's pflag reads otherwise (`--watch=false`, `-A=true`). */
  protected override async parse<F extends Output, B extends Output, A extends Output>(
    options?: Interfaces.Input<F, B, A>,
    argv: string[] = this.argv,
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const flags = { ...options?.baseFlags, ...this.ctor.baseFlags, ...options?.flags };
    const rewritten = pflagArgs(argv, flags as Record<string, { type: 'boolean' | 'option'; char?: string }>);
    // oclif's own default when given no options, spread as it spreads them, the inherited ones named.
    const input = (options ?? this.ctor) as Interfaces.Input<F, B, A>;
    const parsed = await super.parse(
      {
        ...input,
        flags: int64Flags(input.flags),
        baseFlags: int64Flags(input.baseFlags),
        enableJsonFlag: input.enableJsonFlag,
      },
      rewritten.argv,
    );
    for (const name of rewritten.falses) (parsed.flags as Record<string, unknown>)[name] = false;
    return parsed;
  }

  private commandWords(): string {
    return (this.id ?? '').split(':').join(' ');
  }

  protected override async catch(
    err: Error & { oclif?: { exit?: number }; parse?: unknown; flags?: string[] },
  ): Promise<unknown> {
    const { missingArgs, missingArgsHelp } = this.ctor as typeof BaseCommand;
    if (missingArgs && err.oclif && /^Missing \d+ required args?\b/.test(plain(err.message ?? ''))) {
      this.logToStderr(`error: ${missingArgs}`);
      if (missingArgsHelp)
        this.logToStderr(`See '${this.config.bin} ${this.commandWords()} -h' for help and examples`);
      return this.exit(1);
    }
    const usage = flagError(err);
    if (usage !== undefined || (err.oclif && err.parse !== undefined)) {
      // cobra's own errors (flags) say "Error:", kubectl's commands "error:".
      this.logToStderr(usage !== undefined ? `Error: ${usage}` : `error: ${usageError(err)}`);
      this.logToStderr(`See '${this.config.bin} ${this.commandWords()} --help' for usage.`);
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

const INTEGER_PARSE = Flags.integer().parse;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

/**
 * The integer flags with pflag's range: kubectl's are Go ints (64 bits), and oclif's take any
 * number of digits, as a float past 2^53.
 */
function int64Flags<T extends Interfaces.FlagInput<any> | undefined>(flags: T): T {
  if (!flags) return flags;
  return Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      f.type === 'option' && f.parse === INTEGER_PARSE
        ? {
            ...f,
            parse: (input: string, ...rest: unknown[]) => {
              if (/^-?\d+$/.test(input) && (BigInt(input) < INT64[0] || BigInt(input) > INT64[1]))
                throw new Error(
                  `invalid argument "${input}" for "--${name}" flag: strconv.ParseInt: parsing "${input}": value out of range`,
                );
              return (f.parse as (...a: unknown[]) => unknown)(input, ...rest);
            },
          }
        : f,
    ]),
  ) as T;
}

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** kubectl's words for a command given no object at all (scale, edit). */
export const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** A flag that does not parse, in pflag's words, as kubectl says it; undefined for other errors. */
function flagError(err: Error & { flags?: string[]; oclif?: unknown }): string | undefined {
  if (err instanceof FlagError) return err.message;
  const text = plain(err.message ?? '');
  if (err.flags?.length) {
    const flag = err.flags[0];
    return /^-[^-]/.test(flag) ? `unknown shorthand flag: '${flag[1]}' in ${flag}` : `unknown flag: ${flag}`;
  }
  const needsValue = /^Flag (--\S+) expects a value/.exec(text);
  if (err.oclif && needsValue) return `flag needs an argument: ${needsValue[1]}`;
  // A flag's own parse failing reads "Parsing --flag\n\t<why>" in oclif's words.
  const value = /^Parsing --(\S+)\s*\n\t(.+)/.exec(text);
  if (!value) return undefined;
  const notInteger = /^Expected an integer but received: (.*)$/.exec(value[2]);
  return notInteger
    ? `invalid argument "${notInteger[1]}" for "--${value[1]}" flag: strconv.ParseInt: parsing "${notInteger[1]}": invalid syntax`
    : value[2];
}

/** Another oclif parse error in kubectl's words where kubectl has some, else its own first line. */
function usageError(err: Error): string {
  const text = plain(err.message);
  const missing = [...text.matchAll(/Missing required flag (\S+)/g)].map((m) => `"${m[1]}"`);
  if (missing.length) return `required flag(s) ${missing.join(', ')} not set`;
  const [first, next] = text.split('\n').filter((l) => l.trim());
  // "Missing 1 required arg:" names the argument on the next line.
  return first.endsWith(':') && next ? `${first} ${next.trim().split(/\s{2,}/)[0]}` : first;
}

/** kubectl's --dry-run of the commands that change objects (`--dry-run` alone: client, see cli/dry-run.ts). */
export const dryRunFlag = Flags.string({
  description: 'none, server (the server checks the change and saves nothing) or client (print only).',
  helpValue: 'none|server|client',
});

/** Flags of the commands that talk to a cluster's API, as kubectl spells them. */
export const kubeFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use.', helpGroup: 'CONNECTION' }),
  context: Flags.string({ description: 'The kubeconfig context to use.', helpGroup: 'CONNECTION' }),
  namespace: Flags.string({ char: 'n', description: 'The namespace to act in.' }),
};
