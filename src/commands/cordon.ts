import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Cordon extends BaseCommand {
  static override summary = 'Mark a node unschedulable: new pods are not placed on it.';
  static override args = {
    node: Args.string({ description: 'Node name', required: true, ignoreStdin: true }),
  };
  static override examples = ['<%= config.bin %> cordon mycluster-worker'];
  static override flags = { kubeconfig: kubeFlags.kubeconfig, context: kubeFlags.context };

  /** What the node becomes: Uncordon is this command the other way. */
  protected unschedulable = true;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(this.constructor as typeof Cordon);
    const [{ connect }, { cordon }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/nodes.js'),
    ]);
    const target = connect(flags);
    try {
      this.log(await cordon(target.client, args.node, this.unschedulable));
    } finally {
      target.client.close();
    }
  }
}
