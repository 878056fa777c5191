import { Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Dashboard extends BaseCommand {
  static override summary =
    'A live terminal dashboard of the cluster: nodes, workloads, pods, services, events, health.';
  static override examples = [
    '<%= config.bin %> dashboard',
    '<%= config.bin %> dashboard -A',
    '<%= config.bin %> dashboard -n kube-system --context minik8s-dev',
  ];
  static override flags = {
    ...kubeFlags,
    'all-namespaces': Flags.boolean({ char: 'A', description: 'Start showing every namespace.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Dashboard);
    const { runDashboard } = await import('../cli/dashboard/run.js');
    await runDashboard({ ...flags, allNamespaces: flags['all-namespaces'] });
  }
}
