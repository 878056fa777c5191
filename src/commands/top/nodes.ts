import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class TopNodes extends BaseCommand {
  static override summary = 'Show the CPU and memory use of nodes, from the metrics API.';
  static override aliases = ['top:node'];
  static override args = {
    name: Args.string({ description: 'A node to show alone.' }),
  };
  static override examples = [
    '<%= config.bin %> top nodes',
    '<%= config.bin %> top node dev-worker',
    '<%= config.bin %> top nodes --sort-by=cpu',
    '<%= config.bin %> top nodes --show-capacity',
  ];
  static override flags = {
    ...kubeFlags,
    'sort-by': Flags.string({ description: 'cpu or memory: the most used first.' }),
    selector: Flags.string({ char: 'l', description: 'Label selector (e.g. kubernetes.io/os=linux).' }),
    'no-headers': Flags.boolean({ description: 'Print no header row.' }),
    'show-capacity': Flags.boolean({
      description: "Shares of the nodes' capacity, not of what they can allocate.",
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TopNodes);
    const [{ connect }, { topNodes, topSortBy }, { processIo }] = await Promise.all([
      import('../../cli/connect.js'),
      import('../../cli/top.js'),
      import('../../cli/io.js'),
    ]);
    const sortBy = topSortBy(flags['sort-by']);
    const target = connect(flags);
    try {
      await topNodes(
        target.client,
        await target.types(),
        {
          name: args.name,
          labelSelector: flags.selector,
          sortBy,
          noHeaders: flags['no-headers'],
          showCapacity: flags['show-capacity'],
        },
        processIo,
      );
    } finally {
      target.client.close();
    }
  }
}
