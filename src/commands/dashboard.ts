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
    // Ink, made for build logs too, draws only the last frame when CI is set; the dashboard runs
    // only in a terminal (runDashboard checks), where every frame must show. Ink reads it once,
    // when it loads, below.
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
    // React takes an unset NODE_ENV for development: its checks and warnings cost every render
    // several times what the production build's work does, which an idle dashboard pays each tick.
    process.env.NODE_ENV ??= 'production';
    const { runDashboard } = await import('../cli/dashboard/run.js');
    await runDashboard({ ...flags, allNamespaces: flags['all-namespaces'] });
  }
}
