import { BaseCommand } from '../../../cli/base-command.js';

export default class CreateSecret extends BaseCommand {
  static override summary = 'Create a secret: generic (files, literals, env files), tls or docker-registry.';
  static override examples = [
    '<%= config.bin %> create secret generic db --from-literal=password=s3cret',
    '<%= config.bin %> create secret tls web --cert=tls.crt --key=tls.key',
    '<%= config.bin %> create secret docker-registry pull --docker-server=registry.local --docker-username=me --docker-password=pw',
  ];

  async run(): Promise<void> {
    const { subcommandUsage } = await import('../../../cli/subcommand-usage.js');
    for (const line of subcommandUsage(this.config, 'create:secret', 'secret')) this.logToStderr(line);
    this.exit(1);
  }
}
