import { Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Metrics extends BaseCommand {
  static override summary =
    "Show the cluster's health at a glance, from the control plane's and the nodes' /metrics.";
  static override description =
    'API request rate and p50/p99 latency by verb, watchers, store size and latency, scheduling and pod startup latency (p50/p99), and each controller work queue. The full metrics: kubectl get --raw /metrics, and /api/v1/nodes/NAME/proxy/metrics[/cadvisor].';
  static override examples = [
    '<%= config.bin %> metrics',
    '<%= config.bin %> metrics --window 10s',
    '<%= config.bin %> metrics --context minik8s-dev',
  ];
  static override flags = {
    kubeconfig: kubeFlags.kubeconfig,
    context: kubeFlags.context,
    window: Flags.string({
      description:
        'Measure rates and latencies over this window (e.g. 5s) rather than since the API server started.',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Metrics);
    const [{ connect }, { healthSummary }, { printHealth }, { processIo }, { parseGoDuration }] =
      await Promise.all([
        import('../cli/connect.js'),
        import('../client/health-summary.js'),
        import('../cli/health.js'),
        import('../cli/io.js'),
        import('../api/time.js'),
      ]);
    const windowMs = flags.window === undefined ? 0 : parseGoDuration(flags.window);
    if (windowMs === undefined || windowMs < 0)
      throw new Error(`invalid --window "${flags.window}": use a duration such as 5s`);
    const target = connect(flags);
    try {
      printHealth(await healthSummary(target.client, windowMs), processIo, windowMs > 0);
    } finally {
      target.client.close();
    }
  }
}
