/**
 * Shell completion scripts for `minik8s completion bash|zsh|fish`: the commands (topics and
 * their subcommands) and each command's flags, written into the script when it is made, so a
 * tab press on them runs no minik8s process; a command's arguments and flag values (types,
 * names, formats, namespaces, clusters) are asked of `minik8s __complete` as cobra's scripts do.
 */

import type { Command } from '@oclif/core';

export interface CompletedCommand {
  /** The words of the command: ['rollout', 'status']. */
  words: string[];
  summary: string;
  flags: { name: string; char?: string; summary: string; file?: boolean }[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What the scripts complete of oclif's commands: the visible ones, their words, summaries and flags. */
export function completedCommands(commands: readonly Command.Loadable[]): CompletedCommand[] {
  return commands
    .filter((c) => !c.hidden)
    .map((c) => ({
      words: c.id.split(':'),
      summary: c.summary ?? c.description?.split('\n')[0] ?? '',
      flags: Object.entries(c.flags ?? {})
        .filter(([, f]) => !f.hidden)
        .map(([name, f]) => ({
          name,
          char: f.char,
          summary: f.summary ?? f.description ?? '',
          file: ['filename', 'kubeconfig', 'config'].includes(name),
        })),
    }));
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Every word that may follow `path` (the command words typed so far): subcommands and topics. */
function nextWords(commands: CompletedCommand[], path: string[]): string[] {
  const next = new Set<string>();
  for (const c of commands)
    if (c.words.length > path.length && path.every((w, i) => c.words[i] === w))
      next.add(c.words[path.length]);
  return [...next].sort();
}

function bash(commands: CompletedCommand[]): string {
  const paths = new Set<string>(['']);
  for (const c of commands)
    for (let i = 1; i <= c.words.length; i++) paths.add(c.words.slice(0, i).join(' '));
  const cases = [...paths].sort().map((p) => {
    const words = p ? p.split(' ') : [];
    const command = commands.find((c) => c.words.join(' ') === p);
    const flags = (command?.flags ?? []).flatMap((f) => [`--${f.name}`, ...(f.char ? [`-${f.char}`] : [])]);
    return `    ${quote(p)}) subs=${quote(nextWords(commands, words).join(' '))}; flags=${quote(flags.join(' '))} ;;`;
  });
  return `# minik8s completion for bash: source <(minik8s completion bash)
_minik8s() {
  # Not "path": zsh ties it to PATH.
  local cur="\${COMP_WORDS[COMP_CWORD]}" typed="" w subs flags i known
  # The command words typed so far: the longest run of known words, flags left out.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    _minik8s_words "\${typed:+$typed }$w"
    [[ -n "$known" ]] && typed="\${typed:+$typed }$w"
  done
  _minik8s_words "$typed"
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags --help" -- "$cur"))
  elif [[ -n "$subs" || -z "$typed" ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    _minik8s_dynamic
  fi
}
# A command's arguments and flag values (types, names, formats...) from 'minik8s __complete',
# as cobra's scripts ask: candidates one a line, then :DIRECTIVE (1 error, 2 no space, 4 no files).
_minik8s_dynamic() {
  local out directive
  # After --flag= bash completes the word that follows the "=" it split off.
  [[ "$cur" == = ]] && cur=""
  out=$("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:$COMP_CWORD}" 2>/dev/null) || return
  directive="\${out##*:}"
  [[ "$directive" =~ ^[0-9]+$ ]] && (( (directive & 1) == 0 )) || return
  COMPREPLY=($(compgen -W "\${out%:*}" -- "$cur"))
  if (( directive & 4 )) && [[ \${#COMPREPLY[@]} -eq 0 ]]; then compopt +o default 2>/dev/null; fi
  if (( directive & 2 )); then compopt -o nospace 2>/dev/null; fi
  return 0
}
_minik8s_words() {
  known=1
  case "$1" in
${cases.join('\n')}
    *) known=""; subs=""; flags="" ;;
  esac
}
complete -o default -F _minik8s minik8s
`;
}

function zsh(commands: CompletedCommand[]): string {
  return `# minik8s completion for zsh: source <(minik8s completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(commands).split('\n').slice(1).join('\n')}`;
}

function fish(commands: CompletedCommand[]): string {
  const paths = new Set<string>();
  for (const c of commands)
    for (let i = 1; i <= c.words.length; i++) paths.add(c.words.slice(0, i).join(' '));
  const lines = [
    '# minik8s completion for fish: minik8s completion fish | source',
    'complete -c minik8s -f',
    `set -g __minik8s_paths ${[...paths].sort().map(quote).join(' ')}`,
    // fish's __fish_seen_subcommand_from matches arguments too (`get node` is not `node`): the
    // command is found as the bash script finds it.
    '# The command words typed so far: the longest run of known words, flags left out.',
    'function __minik8s_path',
    '    set -l path',
    '    for w in (commandline -opc)[2..-1]',
    "        string match -q -- '-*' $w; and continue",
    '        contains -- (string join " " $path $w) $__minik8s_paths; and set path $path $w',
    '    end',
    '    string join " " $path',
    'end',
    'function __minik8s_at',
    '    test (__minik8s_path) = "$argv"',
    'end',
    // Arguments and flag values come from `minik8s __complete` (cobra's protocol) once the
    // command is a whole one, not a topic with subcommands.
    '# Whether an argument or flag value of a command (not a topic) is being typed.',
    'function __minik8s_dynamic_at',
    "    string match -q -- '-*' (commandline -ct); and return 1",
    '    set -l path (__minik8s_path)',
    '    test -n "$path"; and not string match -q -- "$path *" $__minik8s_paths',
    'end',
    'function __minik8s_dynamic',
    '    set -l out (minik8s __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null); or return',
    "    string match -qr '^:[0-9]+$' -- $out[-1]; and test $out[-1] != :1; or return",
    "    test (count $out) -gt 1; and printf '%s\\n' $out[1..-2]",
    'end',
    "complete -c minik8s -n __minik8s_dynamic_at -a '(__minik8s_dynamic)'",
  ];
  const at = (words: string[]) => quote(['__minik8s_at', ...words].join(' '));
  const written = new Set<string>();
  for (const c of commands) {
    for (let i = 0; i < c.words.length; i++) {
      const key = c.words.slice(0, i + 1).join(' ');
      if (written.has(key)) continue;
      written.add(key);
      const own = c.words.length === i + 1 ? c.summary : `${c.words[i]} commands`;
      lines.push(
        `complete -c minik8s -n ${at(c.words.slice(0, i))} -a ${quote(c.words[i])} -d ${quote(own)}`,
      );
    }
    for (const f of c.flags)
      lines.push(
        // -F: a file name, though files are otherwise not completed.
        `complete -c minik8s -n ${at(c.words)} -l ${f.name}${f.char ? ` -s ${f.char}` : ''}${f.file ? ' -r -F' : ''} -d ${quote(f.summary)}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, commands: CompletedCommand[]): string {
  return shell === 'bash' ? bash(commands) : shell === 'zsh' ? zsh(commands) : fish(commands);
}
