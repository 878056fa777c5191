import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Drain extends BaseCommand {
  static override summary = 'Cordon a node and evict its pods, honouring disruption budgets.';
  static override args = {
    node: Args.string({ description: 'Node name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> drain mycluster-worker --ignore-daemonsets',
    '<%= config.bin %> drain mycluster-worker --force --delete-emptydir-data --timeout 2m',
  ];
  static override flags = {
    kubeconfig: kubeFlags.kubeconfig,
    context: kubeFlags.context,
    'ignore-daemonsets': Flags.boolean({ description: 'Leave DaemonSet-managed pods on the node.' }),
    'delete-emptydir-data': Flags.boolean({
      description: 'Evict pods with emptyDir volumes (their data is lost).',
    }),
    force: Flags.boolean({ description: 'Evict pods that no controller manages too.' }),
    'grace-period': Flags.integer({
      description: 'Seconds each pod gets to stop (-1: its own).',
      default: -1,
    }),
    timeout: Flags.string({
      description: 'Give up after this long (0s: never), e.g. 60s or 5m.',
      default: '0s',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Drain);
    const [{ connect }, { drain }, { processIo }, { realClock }, { parseGoDuration }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/drain.js'),
      import('../cli/io.js'),
      import('../client/clock.js'),
      import('../api/time.js'),
    ]);
    const timeoutMs = parseGoDuration(flags.timeout);
    if (timeoutMs === undefined) throw new Error(`invalid --timeout: ${flags.timeout}`);
    const target = connect(flags);
    try {
      const code = await drain(
        target.client,
        args.node,
        {
          ignoreDaemonSets: flags['ignore-daemonsets'],
          deleteEmptyDirData: flags['delete-emptydir-data'],
          force: flags.force,
          gracePeriod: flags['grace-period'],
          timeoutMs,
          clock: realClock,
        },
        processIo,
      );
      if (code !== 0) this.exit(code);
    } finally {
      target.client.close();
    }
  }
}
