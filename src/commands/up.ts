import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { defaultClusterName } from '../cluster/paths.js';

export default class Up extends BaseCommand {
  static override summary = 'Create a cluster, or resume it with its state.';
  static override description =
    'Starts the control plane as a background process, writes a kubeconfig and makes its context (minik8s-NAME) current. Returns at once when the cluster already runs.';
  static override examples = ['<%= config.bin %> up', '<%= config.bin %> up --name dev --nodes 0'];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
    nodes: Flags.integer({
      description: 'Number of node containers (0: control plane only).',
      default: 0,
      min: 0,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Up);
    const [{ up }, { stepPrinter }] = await Promise.all([
      import('../cluster/lifecycle.js'),
      import('../cli/progress.js'),
    ]);
    this.logToStderr(`Starting cluster "${flags.name}" ...`);
    const res = await up(flags.name, { nodes: flags.nodes, progress: stepPrinter() });
    if (res.alreadyRunning) this.logToStderr(`Cluster "${res.name}" is already running at ${res.server}`);
    this.logToStderr(`Set kubectl context to "${res.context}" (${res.kubeconfigPath})`);
    this.logToStderr(`\nYou can now use your cluster with:\n\nminik8s get all -A\nkubectl get all -A`);
  }
}
