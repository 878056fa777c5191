import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { defaultClusterName } from '../cluster/paths.js';

export default class Kubeconfig extends BaseCommand {
  static override summary = "Print a cluster's kubeconfig.";
  static override examples = [
    '<%= config.bin %> kubeconfig',
    '<%= config.bin %> kubeconfig --name dev > dev.kubeconfig && kubectl --kubeconfig dev.kubeconfig get ns',
  ];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Kubeconfig);
    const { clusterKubeconfigYaml } = await import('../cluster/lifecycle.js');
    process.stdout.write(clusterKubeconfigYaml(flags.name));
  }
}
