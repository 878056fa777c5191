import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Taint extends BaseCommand {
  static override summary = 'Add or remove taints of a node.';
  static override strict = false;
  static override args = {
    resource: Args.string({ description: 'nodes', required: true, ignoreStdin: true }),
    node: Args.string({ description: 'Node name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> taint nodes mycluster-worker dedicated=batch:NoSchedule',
    '<%= config.bin %> taint nodes mycluster-worker dedicated:NoSchedule-',
    '<%= config.bin %> taint nodes mycluster-worker dedicated-',
  ];
  static override flags = {
    kubeconfig: kubeFlags.kubeconfig,
    context: kubeFlags.context,
    overwrite: Flags.boolean({ description: 'Replace a taint of the same key and effect.' }),
  };

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(Taint);
    if (!['nodes', 'node', 'no'].includes(args.resource))
      throw new Error(`taint applies to nodes only: ${args.resource}`);
    const specs = (argv as string[]).slice(2);
    if (!specs.length) throw new Error('at least one taint update is required');
    const [{ connect }, { parseTaints, taintNode }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/nodes.js'),
    ]);
    const changes = parseTaints(specs);
    const target = connect(flags);
    try {
      this.log(await taintNode(target.client, args.node, changes, flags.overwrite));
    } finally {
      target.client.close();
    }
  }
}
