import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Explain extends BaseCommand {
  static override summary = "Describe a resource's fields, from the server's OpenAPI.";
  static override args = {
    resource: Args.string({
      description: 'RESOURCE[.field.path], e.g. pods.spec.containers',
    }),
  };
  static override examples = [
    '<%= config.bin %> explain pods',
    '<%= config.bin %> explain deploy.spec.strategy',
    '<%= config.bin %> explain pods.spec --recursive',
    '<%= config.bin %> explain hpa.spec --api-version=autoscaling/v1',
  ];
  static override flags = {
    kubeconfig: kubeFlags.kubeconfig,
    context: kubeFlags.context,
    recursive: Flags.boolean({ description: 'List every field under it, names and types only.' }),
    'api-version': Flags.string({
      description: "The resource's group/version to describe (default: the group's preferred one).",
      helpValue: 'GROUP/VERSION',
    }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parse(Explain);
    if (!args.resource)
      throw new Error(
        'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
      );
    const [{ connect }, { explain, explainHeader }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/explain.js'),
    ]);
    const target = connect(flags);
    try {
      this.log(await explain(target, args.resource, { ...flags, apiVersion: flags['api-version'] }));
    } catch (err) {
      const header = explainHeader(err);
      if (header !== undefined) this.log(header);
      throw err;
    } finally {
      target.client.close();
    }
  }
}
