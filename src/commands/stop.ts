import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { defaultClusterName } from '../cluster/paths.js';

export default class Stop extends BaseCommand {
  static override summary = 'Stop a cluster, keeping its state: `minik8s start` brings it back.';
  static override examples = ['<%= config.bin %> stop', '<%= config.bin %> stop --name dev'];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Stop);
    const [{ stopCluster }, { readClusterInfo }, { stepPrinter }] = await Promise.all([
      import('../cluster/node-fleet.js'),
      import('../cluster/cluster-info.js'),
      import('../cli/progress.js'),
    ]);
    if (!readClusterInfo(flags.name)) throw new Error(`no cluster "${flags.name}"`);
    this.logToStderr(`Stopping cluster "${flags.name}" ...`);
    await stopCluster(flags.name, stepPrinter());
  }
}
