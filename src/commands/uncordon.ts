import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Uncordon extends BaseCommand {
  static override summary = 'Mark a node schedulable again.';
  static override args = {
    node: Args.string({ description: 'Node name', required: true, ignoreStdin: true }),
  };
  static override examples = ['<%= config.bin %> uncordon mycluster-worker'];
  static override flags = { kubeconfig: kubeFlags.kubeconfig, context: kubeFlags.context };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Uncordon);
    const [{ connect }, { cordon }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/nodes.js'),
    ]);
    const target = connect(flags);
    try {
      this.log(await cordon(target.client, args.node, false));
    } finally {
      target.client.close();
    }
  }
}
