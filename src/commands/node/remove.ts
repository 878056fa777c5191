import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';

export default class NodeRemove extends BaseCommand {
  static override summary = 'Remove a node, its pods and its Node object.';
  static override examples = ['<%= config.bin %> node remove dev-worker2 --name dev'];
  static override args = { node: Args.string({ description: 'Node name.', required: true }) };
  static override flags = {
    name: Flags.string({ description: 'Cluster name (default: the cluster the node belongs to).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(NodeRemove);
    const { removeClusterNode } = await import('../../cluster/node-fleet.js');
    const { clusterOfNode } = await import('../../cluster/cluster-info.js');
    await removeClusterNode(clusterOfNode(args.node, flags.name), args.node);
    this.log(`node/${args.node} removed`);
  }
}
