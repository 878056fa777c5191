import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Edit extends BaseCommand {
  static override summary = 'Edit an object in $KUBE_EDITOR or $EDITOR, and save it.';
  static override description =
    'Opens the YAML of the object (without managedFields); on saving, updates the object. When the update fails, the file opens again with the error as comments at its top; saving it unchanged, or empty, cancels.';
  static override strict = false;
  static override args = {
    resource: Args.string({ description: 'KIND NAME or KIND/NAME', required: true }),
  };
  static override examples = [
    '<%= config.bin %> edit deploy/web',
    'KUBE_EDITOR=nano <%= config.bin %> edit configmap settings -n shop',
  ];
  static override flags = { ...kubeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Edit);
    const [{ connect }, { namedTargets }, { namesKnownTypes }, { editObject }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/targets.js'),
      import('../cli/resource-args.js'),
      import('../cli/edit.js'),
    ]);
    const target = connect(flags);
    try {
      const args = argv as string[];
      const [t, ...more] = namedTargets(await target.types(namesKnownTypes(args)), args, target.namespace);
      if (more.length) throw new Error('edit takes one object');
      this.log(await editObject(target.client, t));
    } finally {
      target.client.close();
    }
  }
}
