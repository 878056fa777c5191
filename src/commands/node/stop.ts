import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';

export default class NodeStop extends BaseCommand {
  static override summary =
    'Stop a node container (a node failure: its pods are evicted after their toleration).';
  static override examples = ['<%= config.bin %> node stop dev-worker2 --name dev'];
  static override args = { node: Args.string({ description: 'Node name.', required: true }) };
  static override flags = {
    name: Flags.string({ description: 'Cluster name (default: the cluster the node belongs to).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(NodeStop);
    const { stopClusterNode } = await import('../../cluster/node-fleet.js');
    const { clusterOfNode } = await import('../../cluster/cluster-info.js');
    await stopClusterNode(clusterOfNode(args.node, flags.name), args.node);
    this.log(`node/${args.node} stopped`);
  }
}
