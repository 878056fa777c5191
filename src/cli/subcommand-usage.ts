import type { Config } from '@oclif/core';

/**
 * What kubectl prints (on stderr, exit 1) for a command that needs a subcommand and was given
 * none, such as `create secret`: the subcommands with their summaries and how to call them.
 */
export function subcommandUsage(config: Config, topic: string, what: string): string[] {
  const prefix = `${topic}:`;
  const subs = config.commands
    .filter((c) => c.id.startsWith(prefix) && !c.id.slice(prefix.length).includes(':'))
    .map((c) => ({ name: c.id.slice(prefix.length), summary: c.summary ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const words = `${config.bin} ${topic.split(':').join(' ')}`;
  const width = Math.max(...subs.map((s) => s.name.length)) + 3;
  return [
    `error: give the type of ${what} to create: ${subs.map((s) => s.name).join(', ')}`,
    '',
    'Available Commands:',
    ...subs.map((s) => `  ${s.name.padEnd(width)}${s.summary}`),
    '',
    'Usage:',
    `  ${words} (${subs.map((s) => s.name).join(' | ')}) NAME [options]`,
    '',
    `Use "${words} <command> --help" for more information about a given command.`,
  ];
}
