import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';

export default class NodeStart extends BaseCommand {
  static override summary = 'Start a stopped node container again.';
  static override examples = ['<%= config.bin %> node start dev-worker2 --name dev'];
  static override args = { node: Args.string({ description: 'Node name.', required: true }) };
  static override flags = {
    name: Flags.string({ description: 'Cluster name (default: the cluster the node belongs to).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(NodeStart);
    const { startClusterNode } = await import('../../cluster/node-fleet.js');
    const { clusterOfNode } = await import('../../cluster/cluster-info.js');
    await startClusterNode(clusterOfNode(args.node, flags.name), args.node, { ready: true });
    this.log(`node/${args.node} started`);
  }
}
