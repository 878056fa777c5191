import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class TopPods extends BaseCommand {
  static override summary = 'Show the CPU and memory use of pods, from the metrics API.';
  static override aliases = ['top:pod'];
  static override args = {
    name: Args.string({ description: 'A pod to show alone.' }),
  };
  static override examples = [
    '<%= config.bin %> top pods',
    '<%= config.bin %> top pods -A',
    '<%= config.bin %> top pod web-1 --containers',
    '<%= config.bin %> top pods -l app=web',
    '<%= config.bin %> top pods -A --sort-by=memory',
    '<%= config.bin %> top pods --sum',
  ];
  static override flags = {
    ...kubeFlags,
    'all-namespaces': Flags.boolean({ char: 'A', description: 'Show pods of every namespace.' }),
    containers: Flags.boolean({ description: 'Show each container of the pods.' }),
    'sort-by': Flags.string({ description: 'cpu or memory: the most used first.' }),
    selector: Flags.string({ char: 'l', description: 'Label selector (e.g. app=web).' }),
    'field-selector': Flags.string({ description: 'Field selector (e.g. metadata.name=web-1).' }),
    'no-headers': Flags.boolean({ description: 'Print no header row.' }),
    sum: Flags.boolean({ description: "Print the sum of the pods' use under the table." }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TopPods);
    if (args.name && (flags.selector || flags['field-selector']))
      throw new Error('only one of NAME or selector can be provided');
    const [{ connect }, { topPods, topSortBy }, { processIo }] = await Promise.all([
      import('../../cli/connect.js'),
      import('../../cli/top.js'),
      import('../../cli/io.js'),
    ]);
    const sortBy = topSortBy(flags['sort-by']);
    const target = connect(flags);
    try {
      await topPods(
        target.client,
        await target.types(),
        {
          name: args.name,
          namespace: target.namespace,
          allNamespaces: flags['all-namespaces'],
          labelSelector: flags.selector,
          fieldSelector: flags['field-selector'],
          containers: flags.containers,
          sortBy,
          noHeaders: flags['no-headers'],
          sum: flags.sum,
        },
        processIo,
      );
    } finally {
      target.client.close();
    }
  }
}
