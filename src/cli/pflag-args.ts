/** A flag kubectl would refuse, in pflag's words (BaseCommand prints it as cobra does). */
export class FlagError extends Error {}

interface FlagDef {
  type: 'boolean' | 'option';
  char?: string;
}

// Go's strconv.ParseBool.
export const GO_BOOL = new Map<string, boolean>([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((s) => [s, true] as const),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((s) => [s, false] as const),
]);

/** kubectl's flags with a NoOptDefVal, the same in every command. */
const NO_OPT_DEFAULTS: Record<string, string> = { 'dry-run': 'unchanged' };

/** How pflag names a flag in its errors: `-w, --watch`, or `--tail` when it has no shorthand. */
export function flagLabel(name: string, char?: string): string {
  return char ? `-${char}, --${name}` : `--${name}`;
}

/**
 * kubectl's flag forms that oclif reads otherwise, rewritten for oclif: `--flag=true|false` and
 * `-A=false` for a boolean (a false one left out and named in `falses`, for the caller to set);
 * a non-boolean value of a boolean, or a flag that takes a value given none, is a FlagError.
 */
export function pflagArgs(
  argv: string[],
  flags: Record<string, FlagDef>,
): { argv: string[]; falses: string[] } {
  const byChar = new Map<string, string>();
  for (const [name, f] of Object.entries(flags)) if (f.char) byChar.set(f.char, name);
  const out: string[] = [];
  const falses: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const short = long ? null : /^-([^-])(?:=(.*))?$/s.exec(arg);
    const name = long ? long[1] : short ? byChar.get(short[1]) : undefined;
    const def = name === undefined ? undefined : flags[name];
    if (!def || !name) {
      out.push(arg);
      continue;
    }
    const value = (long ?? short)?.[2];
    if (def.type === 'boolean' && value !== undefined) {
      // pflag reads `-A=` as -A, then `=` as another shorthand.
      if (short && value === '') throw new FlagError(`unknown shorthand flag: '=' in -=`);
      const b = GO_BOOL.get(value);
      if (b === undefined)
        throw new FlagError(
          `invalid argument "${value}" for "${flagLabel(name, def.char)}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
        );
      if (b) out.push(long ? `--${name}` : `-${def.char}`);
      else falses.push(name);
      continue;
    }
    // A flag pflag gives a value of its own when written alone: `--dry-run` is `--dry-run=unchanged`.
    const noOptDefault = NO_OPT_DEFAULTS[name];
    if (def.type === 'option' && value === undefined && long && noOptDefault !== undefined) {
      out.push(`--${name}=${noOptDefault}`);
      continue;
    }
    if (def.type === 'option' && value === undefined && i === argv.length - 1)
      throw new FlagError(`flag needs an argument: ${long ? arg : `'${def.char}' in ${arg}`}`);
    out.push(arg);
  }
  return { argv: out, falses };
}
