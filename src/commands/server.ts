import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';

export default class Server extends BaseCommand {
  static override hidden = true;
  static override summary =
    "Run a cluster's control plane in the foreground (what `up` starts in the background).";
  static override examples = ['<%= config.bin %> server --name minik8s'];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', required: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Server);
    const { runControlPlane } = await import('../cli/server-main.js');
    await runControlPlane(flags.name, (line) => this.log(line));
    this.exit(0);
  }
}
