import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import type { Shell } from '../cli/completion.js';

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
    const { completedCommands, completionScript } = await import('../cli/completion.js');
    const script = completionScript(args.shell as Shell, completedCommands(this.config.commands));
    process.stdout.write(script);
  }
}
