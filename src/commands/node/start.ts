import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { defaultClusterName } from '../../cluster/paths.js';

export default class NodeStart extends BaseCommand {
  static override summary = 'Start a stopped node container again.';
  static override examples = ['<%= config.bin %> node start dev-worker2 --name dev'];
  static override args = { node: Args.string({ description: 'Node name.', required: true }) };
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(NodeStart);
    const { startClusterNode } = await import('../../cluster/node-fleet.js');
    await startClusterNode(flags.name, args.node);
    this.log(`node/${args.node} started`);
  }
}
