import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';

export default class HollowNodes extends BaseCommand {
  static override hidden = true;
  static override summary =
    "Run a cluster's hollow nodes in the foreground (what `up --hollow-nodes` starts in the background).";
  static override examples = ['<%= config.bin %> hollow-nodes --name minik8s'];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(HollowNodes);
    const { runHollowNodes } = await import('../cluster/hollow-nodes.js');
    await runHollowNodes(flags.name, (line) => this.log(line));
    this.exit(0);
  }
}
