/** A command as completion reads it: its id words, its flags and its arguments' fixed choices. */
export interface CompletableCommand {
  id: string;
  /** Other ids naming the same command (`top:pod` for `top:pods`). */
  aliases?: readonly string[];
  flags: Record<string, { type: 'boolean' | 'option'; char?: string; options?: readonly string[] }>;
  /** Each argument's choices when it has fixed ones (`completion bash|zsh|fish`). */
  args: { options?: readonly string[] }[];
}

/** What is being completed: a flag's value or an argument, with what was typed before it. */
export interface CompletionPoint {
  command: CompletableCommand;
  /** The arguments typed before the one being completed. */
  args: string[];
  /** The value of each option flag typed, by its long name. */
  flags: Record<string, string>;
  /** The long name of the flag whose value is being completed, else undefined (an argument). */
  flag?: string;
  toComplete: string;
}

/**
 * Reads the words after the executable as cobra's `__complete` does, the last one being completed:
 * the command is the longest run of leading words naming one (oclif puts them first), and each
 * option flag takes the next word unless written `--flag=value` or `-fvalue`.
 */
export function completionPoint(
  commands: CompletableCommand[],
  given: string[],
): CompletionPoint | undefined {
  const words = joinEquals(given);
  const toComplete = words.at(-1) ?? '';
  const typed = words.slice(0, -1);
  let command: CompletableCommand | undefined;
  let used = 0;
  for (let i = 1; i <= typed.length; i++) {
    const id = typed.slice(0, i).join(':');
    const found = commands.find((c) => names(c).includes(id));
    if (found) [command, used] = [found, i];
    else if (!commands.some((c) => names(c).some((n) => n.startsWith(`${id}:`)))) break;
  }
  if (!command) return undefined;
  const byChar = (char: string) => Object.entries(command.flags).find(([, f]) => f.char === char)?.[0];
  const point: CompletionPoint = { command, args: [], flags: {}, toComplete };
  let awaiting: string | undefined;
  let rest = false;
  for (const w of typed.slice(used)) {
    if (awaiting) [point.flags[awaiting], awaiting] = [w, undefined];
    else if (rest || !w.startsWith('-') || w === '-') point.args.push(w);
    else if (w === '--') rest = true;
    else {
      const long = w.startsWith('--');
      const [head, value] = long ? splitOnce(w.slice(2), '=') : [w[1], w.length > 2 ? w.slice(2) : undefined];
      const name = long ? head : byChar(head);
      if (!name || command.flags[name]?.type !== 'option') continue;
      if (value !== undefined) point.flags[name] = value.replace(/^=/, '');
      else awaiting = name;
    }
  }
  point.flag = awaiting;
  return point;
}

/**
 * bash splits `--output=ya` into `--output`, `=`, `ya` (`=` is one of its COMP_WORDBREAKS): the
 * value is the flag's next word, as in `--output ya`.
 */
export function joinEquals(words: string[]): string[] {
  const out = words.filter((w, i) => !(w === '=' && words[i - 1]?.startsWith('--') && i < words.length - 1));
  if (out.at(-1) === '=' && out.at(-2)?.startsWith('--')) out[out.length - 1] = '';
  return out;
}

const names = (c: CompletableCommand) => [c.id, ...(c.aliases ?? [])];

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
