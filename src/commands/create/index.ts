import { Flags } from '@oclif/core';
import { BaseCommand, dryRunFlag, kubeFlags } from '../../cli/base-command.js';

export default class Create extends BaseCommand {
  static override summary = 'Create objects from manifests (YAML or JSON, files, directories or stdin).';
  static override examples = [
    '<%= config.bin %> create -f my-crontab.yaml',
    '<%= config.bin %> create -f manifests/ -n staging',
    '<%= config.bin %> create -f app.yaml --dry-run=server -o yaml',
    '<%= config.bin %> create configmap settings --from-literal=mode=prod',
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
    output: Flags.string({
      char: 'o',
      description: 'json, yaml or name: print the objects created instead.',
    }),
    'dry-run': dryRunFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Create);
    const [{ connect }, { knowsKinds }, { readManifests }, { createObjects }, { processIo }, dry, out] =
      await Promise.all([
        import('../../cli/connect.js'),
        import('../../cli/kinds.js'),
        import('../../cli/manifest.js'),
        import('../../cli/create.js'),
        import('../../cli/io.js'),
        import('../../cli/dry-run.js'),
        import('../../cli/create-generated.js'),
      ]);
    const dryRun = dry.parseDryRun(flags['dry-run'], (line) => this.logToStderr(line));
    out.checkOutput(flags.output);
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
        { output: flags.output, dryRun },
      );
      if (code !== 0) this.exit(code);
    } finally {
      target.client.close();
    }
  }
}
