import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class CreateNamespace extends BaseCommand {
  static override summary = 'Create a namespace.';
  static override aliases = ['create ns'];
  static override args = {
    name: Args.string({ description: 'Namespace name', required: true, ignoreStdin: true }),
  };
  static override examples = ['<%= config.bin %> create namespace shop'];
  static override flags = { kubeconfig: kubeFlags.kubeconfig, context: kubeFlags.context };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateNamespace);
    const [{ connect }, { createNamespace }] = await Promise.all([
      import('../../cli/connect.js'),
      import('../../cli/create.js'),
    ]);
    const target = connect(flags);
    try {
      this.log(await createNamespace(target.client, args.name));
    } finally {
      target.client.close();
    }
  }
}
