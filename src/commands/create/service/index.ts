import { BaseCommand } from '../../../cli/base-command.js';

export default class CreateService extends BaseCommand {
  static override summary = 'Create a service: clusterip, nodeport, loadbalancer or externalname.';
  static override aliases = ['create svc'];
  static override examples = [
    '<%= config.bin %> create service clusterip web --tcp=80:8080',
    '<%= config.bin %> create service nodeport web --tcp=80:8080 --node-port=30080',
    '<%= config.bin %> create service loadbalancer web --tcp=80:8080',
  ];

  async run(): Promise<void> {
    const { subcommandUsage } = await import('../../../cli/subcommand-usage.js');
    for (const line of subcommandUsage(this.config, 'create:service', 'service')) this.logToStderr(line);
    this.exit(1);
  }
}
