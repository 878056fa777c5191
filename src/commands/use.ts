import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';

export default class Use extends BaseCommand {
  static override summary =
    "Make a cluster's context the kubeconfig's current one (kubectl and minik8s then talk to it).";
  static override args = {
    name: Args.string({ description: 'The cluster, as `minik8s clusters` lists it.', required: true }),
  };
  static override examples = ['<%= config.bin %> use dev', '<%= config.bin %> clusters'];

  async run(): Promise<void> {
    const { args } = await this.parse(Use);
    const { switchToCluster, stoppedWarning } = await import('../cluster/switch-cluster.js');
    this.log(`Switched to context "${switchToCluster(args.name)}".`);
    const warning = await stoppedWarning(args.name);
    if (warning) this.logToStderr(warning);
  }
}
