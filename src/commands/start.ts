import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { defaultClusterName } from '../cluster/paths.js';

export default class Start extends BaseCommand {
  static override summary = 'Start a stopped cluster with its nodes, addresses and workloads.';
  static override examples = ['<%= config.bin %> start', '<%= config.bin %> start --name dev'];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Start);
    const [{ up }, { readClusterInfo }, { stepPrinter }] = await Promise.all([
      import('../cluster/lifecycle.js'),
      import('../cluster/cluster-info.js'),
      import('../cli/progress.js'),
    ]);
    if (!readClusterInfo(flags.name))
      throw new Error(`no cluster "${flags.name}": create it with \`minik8s up --name ${flags.name}\``);
    this.logToStderr(`Starting cluster "${flags.name}" ...`);
    await up(flags.name, { progress: stepPrinter() });
  }
}
