import { Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Apply extends BaseCommand {
  static override summary =
    'Create or update objects from manifests (YAML or JSON, files, directories or stdin).';
  static override examples = [
    '<%= config.bin %> apply -f app.yaml',
    '<%= config.bin %> apply -f manifests/ -n staging',
    'cat app.yaml | <%= config.bin %> apply -f -',
  ];
  static override flags = {
    ...kubeFlags,
    filename: Flags.string({
      char: 'f',
      description: 'File, directory or - (stdin) to apply.',
      multiple: true,
    }),
    recursive: Flags.boolean({ char: 'R', description: 'Read directories of -f recursively.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    const [{ connect }, { knowsKinds }, { readManifests }, { applyObject }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/kinds.js'),
      import('../cli/manifest.js'),
      import('../cli/apply.js'),
    ]);
    if (!flags.filename?.some(Boolean)) throw new Error('must specify one of -f and -k');
    const manifests = await readManifests(flags.filename, { recursive: flags.recursive });
    if (manifests.length === 0) throw new Error('no objects passed to apply');
    const target = connect(flags);
    try {
      const types = await target.types(knowsKinds(manifests));
      for (const m of manifests) {
        const res = await applyObject(target.client, types, m, target, (l) => this.logToStderr(l));
        this.log(`${res.name} ${res.action}`);
      }
    } finally {
      target.client.close();
    }
  }
}
