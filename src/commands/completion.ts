import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';

export default class Completion extends BaseCommand {
  static override summary = 'Print the shell completion script of minik8s for bash, zsh or fish.';
  static override args = {
    shell: Args.string({ description: 'The shell.', options: ['bash', 'zsh', 'fish'], required: true }),
  };
  static override examples = [
    'source <(<%= config.bin %> completion bash)',
    'source <(<%= config.bin %> completion zsh)',
    '<%= config.bin %> completion fish | source',
    '<%= config.bin %> completion bash > /etc/bash_completion.d/minik8s',
  ];

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    const { completionScript } = await import('../cli/completion.js');
    const commands = this.config.commands
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
    process.stdout.write(completionScript(args.shell as 'bash' | 'zsh' | 'fish', commands));
  }
}
