/**
 * Shell completion scripts for `minik8s completion bash|zsh|fish`: the commands (topics and
 * their subcommands) and each command's flags, written into the script when it is made, so a
 * tab press runs no minik8s process.
 */

export interface CompletedCommand {
  /** The words of the command: ['rollout', 'status']. */
  words: string[];
  summary: string;
  flags: { name: string; char?: string; summary: string; file?: boolean }[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

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
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w subs flags i known
  # The command words typed so far: the longest run of known words, flags left out.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    _minik8s_words "\${path:+$path }$w"
    [[ -n "$known" ]] && path="\${path:+$path }$w"
  done
  _minik8s_words "$path"
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags --help" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  fi
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
    '# Whether the command words typed so far (the longest run of known words, flags left out) are $argv.',
    'function __minik8s_at',
    '    set -l path',
    '    for w in (commandline -opc)[2..-1]',
    "        string match -q -- '-*' $w; and continue",
    '        contains -- (string join " " $path $w) $__minik8s_paths; and set path $path $w',
    '    end',
    '    test "$path" = "$argv"',
    'end',
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
