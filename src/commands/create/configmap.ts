import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { createFlags, dataSourceFlags, dataSources } from '../../cli/create-flags.js';

export default class CreateConfigMap extends BaseCommand {
  static override summary = 'Create a config map from files, directories, literal values or env files.';
  static override aliases = ['create cm'];
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'ConfigMap name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> create configmap app-config --from-literal=mode=prod --from-file=settings.ini',
    '<%= config.bin %> create cm app-env --from-env-file=app.env --dry-run=client -o yaml',
  ];
  static override flags = { ...createFlags, ...dataSourceFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateConfigMap);
    const [{ runCreate }, { configMap }, { readSources }, { CONFIGMAPS }, { processIo }] = await Promise.all([
      import('../../cli/create-generated.js'),
      import('../../cli/generate/config.js'),
      import('../../cli/generate/sources.js'),
      import('../../api/kinds/index.js'),
      import('../../cli/io.js'),
    ]);
    const make = () => configMap(args.name, readSources(dataSources(flags)));
    await runCreate(flags, CONFIGMAPS, make, 'failed to create configmap: ', processIo);
  }
}
