import { BaseCommand } from '../../../cli/base-command.js';

export default class CreateService extends BaseCommand {
  static override summary = 'Create a service: clusterip, nodeport, loadbalancer or externalname.';
  static override aliases = ['create svc'];

  async run(): Promise<void> {
    const { subcommandUsage } = await import('../../../cli/subcommand-usage.js');
    for (const line of subcommandUsage(this.config, 'create:service', 'service')) this.logToStderr(line);
    this.exit(1);
  }
}
