import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';

export default class Network extends BaseCommand {
  static override hidden = true;
  static override summary =
    "Run a cluster's service proxy and DNS in the foreground (what its network container runs).";
  static override examples = ['<%= config.bin %> network --name minik8s'];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Network);
    const { runNetwork } = await import('../cluster/network-main.js');
    await runNetwork(flags.name, (line) => this.log(line));
    this.exit(0);
  }
}
