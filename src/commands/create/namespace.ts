import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { createFlags } from '../../cli/create-flags.js';

export default class CreateNamespace extends BaseCommand {
  static override summary = 'Create a namespace.';
  static override aliases = ['create ns'];
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'Namespace name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> create namespace shop',
    '<%= config.bin %> create ns staging --dry-run=client -o yaml',
  ];
  static override flags = createFlags;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateNamespace);
    const [{ runCreate }, { namespace }, { NAMESPACES }, { processIo }] = await Promise.all([
      import('../../cli/create-generated.js'),
      import('../../cli/generate/config.js'),
      import('../../api/kinds/index.js'),
      import('../../cli/io.js'),
    ]);
    await runCreate(flags, NAMESPACES, () => namespace(args.name), undefined, processIo);
  }
}
