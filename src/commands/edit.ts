import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Edit extends BaseCommand {
  static override summary = 'Edit objects in $KUBE_EDITOR or $EDITOR, and save them.';
  static override description =
    'Opens the YAML of the objects (without managedFields; several as a v1 List); on saving, updates each one changed. When an update fails, the file opens again with the objects that failed and their errors as comments at its top; saving it unchanged, or empty, cancels.';
  static override strict = false;
  static override args = {
    resource: Args.string({ description: 'KIND NAME... or KIND/NAME...', required: true }),
  };
  static override examples = [
    '<%= config.bin %> edit deploy/web',
    'KUBE_EDITOR=nano <%= config.bin %> edit configmap settings -n shop',
    '<%= config.bin %> edit cm/settings deploy/web',
  ];
  static override flags = { ...kubeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Edit);
    const [{ connect }, { editNamed }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/edit.js'),
    ]);
    const target = connect(flags);
    try {
      const last = await editNamed(target, argv as string[], (line) => this.log(line));
      if (last) this.log(last);
    } finally {
      target.client.close();
    }
  }
}
