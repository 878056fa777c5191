import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Get extends BaseCommand {
  static override summary = 'Display one or many resources.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND[,KIND...] [NAME...], KIND/NAME..., or all',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> get pods',
    '<%= config.bin %> get deploy,svc,cm -n web -o wide',
    '<%= config.bin %> get pod/web-1 -o yaml',
    '<%= config.bin %> get all -A',
    '<%= config.bin %> get pods -l app=web -w',
  ];
  static override flags = {
    ...kubeFlags,
    'all-namespaces': Flags.boolean({ char: 'A', description: 'List across all namespaces.' }),
    selector: Flags.string({ char: 'l', description: 'Label selector (e.g. app=web,tier!=db).' }),
    'field-selector': Flags.string({ description: 'Field selector (e.g. status.phase=Running).' }),
    output: Flags.string({
      char: 'o',
      description: 'Output format.',
      options: ['wide', 'yaml', 'json', 'name'],
    }),
    watch: Flags.boolean({ char: 'w', description: 'After listing, watch for changes.' }),
    'show-labels': Flags.boolean({ description: 'Show labels as the last column.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Get);
    const [{ connect }, { get }, { processIo }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/get.js'),
      import('../cli/io.js'),
    ]);
    const target = connect(flags);
    try {
      const code = await get(
        target.client,
        await target.types(),
        {
          args: argv as string[],
          namespace: target.namespace,
          allNamespaces: flags['all-namespaces'],
          labelSelector: flags.selector,
          fieldSelector: flags['field-selector'],
          output: flags.output as 'wide' | 'yaml' | 'json' | 'name' | undefined,
          watch: flags.watch,
          showLabels: flags['show-labels'],
        },
        processIo,
      );
      if (code !== 0) this.exit(code);
    } finally {
      target.client.close();
    }
  }
}
