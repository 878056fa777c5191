import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags, NO_RESOURCES } from '../cli/base-command.js';

export default class Edit extends BaseCommand {
  static override summary = 'Edit objects in $KUBE_EDITOR or $EDITOR, and save them.';
  static override description =
    'Opens the YAML of the objects (without managedFields; several as a v1 List); on saving, patches each one changed with what you changed, so that changes made meanwhile are kept. When the server finds an object invalid, or the file does not parse, the file opens again with the errors as comments at its top; saving it unchanged cancels and keeps a copy of your changes.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND [NAME...] or KIND/NAME...; a KIND alone edits all of that kind',
      required: true,
    }),
  };
  static override missingArgs = NO_RESOURCES;
  static override examples = [
    '<%= config.bin %> edit deploy/web',
    'KUBE_EDITOR=nano <%= config.bin %> edit configmap settings -n shop',
    '<%= config.bin %> edit cm/settings deploy/web',
  ];
  static override flags = { ...kubeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Edit);
    const [{ connect }, { editNamed }, { processIo }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/edit.js'),
      import('../cli/io.js'),
    ]);
    const target = connect(flags);
    try {
      if (!(await editNamed(target, argv as string[], processIo))) process.exitCode = 1;
    } finally {
      target.client.close();
    }
  }
}
