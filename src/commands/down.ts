import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { defaultClusterName } from '../cluster/paths.js';

export default class Down extends BaseCommand {
  static override summary =
    'Delete a cluster: stop it and remove its state (its objects in etcd too) and kubeconfig context.';
  static override examples = ['<%= config.bin %> down', '<%= config.bin %> down --name dev'];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Down);
    const [{ down }, { stepPrinter }] = await Promise.all([
      import('../cluster/lifecycle.js'),
      import('../cli/progress.js'),
    ]);
    this.logToStderr(`Deleting cluster "${flags.name}" ...`);
    const existed = await down(flags.name, { progress: stepPrinter() });
    if (!existed) this.logToStderr(`No cluster "${flags.name}" to delete`);
  }
}
