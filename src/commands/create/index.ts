import { Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class Create extends BaseCommand {
  static override summary = 'Create objects from manifests (YAML or JSON, files, directories or stdin).';
  static override examples = [
    '<%= config.bin %> create -f my-crontab.yaml',
    '<%= config.bin %> create -f manifests/ -n staging',
    'cat app.yaml | <%= config.bin %> create -f -',
  ];
  static override flags = {
    ...kubeFlags,
    filename: Flags.string({
      char: 'f',
      description: 'File, directory or - (stdin) to create.',
      required: true,
      multiple: true,
    }),
    recursive: Flags.boolean({ char: 'R', description: 'Read directories of -f recursively.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Create);
    const [{ connect }, { knowsKinds }, { readManifests }, { createObjects }, { processIo }] =
      await Promise.all([
        import('../../cli/connect.js'),
        import('../../cli/kinds.js'),
        import('../../cli/manifest.js'),
        import('../../cli/create.js'),
        import('../../cli/io.js'),
      ]);
    const manifests = await readManifests(flags.filename, { recursive: flags.recursive });
    if (manifests.length === 0) throw new Error('no objects passed to create');
    const target = connect(flags);
    try {
      const code = await createObjects(
        target.client,
        await target.types(knowsKinds(manifests)),
        manifests,
        target,
        processIo,
      );
      if (code !== 0) this.exit(code);
    } finally {
      target.client.close();
    }
  }
}
