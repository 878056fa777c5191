import { BaseCommand } from '../../../cli/base-command.js';

export default class CreateSecret extends BaseCommand {
  static override summary = 'Create a secret: generic (files, literals, env files), tls or docker-registry.';

  async run(): Promise<void> {
    const { subcommandUsage } = await import('../../../cli/subcommand-usage.js');
    for (const line of subcommandUsage(this.config, 'create:secret', 'secret')) this.logToStderr(line);
    this.exit(1);
  }
}
