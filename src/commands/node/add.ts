import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { defaultClusterName } from '../../cluster/paths.js';

export default class NodeAdd extends BaseCommand {
  static override summary = 'Add a worker node to a running cluster.';
  static override examples = ['<%= config.bin %> node add --name dev'];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(NodeAdd);
    const [{ addClusterNode }, { stepPrinter }] = await Promise.all([
      import('../../cluster/node-fleet.js'),
      import('../../cli/progress.js'),
    ]);
    this.log(`node/${await addClusterNode(flags.name, stepPrinter())} added`);
  }
}
