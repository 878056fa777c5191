import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';

export default class Status extends BaseCommand {
  static override summary = 'List clusters and whether their control plane answers.';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --name dev'];
  static override flags = {
    name: Flags.string({ description: 'Only this cluster.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    const [{ status }, { formatColumns }] = await Promise.all([
      import('../cluster/lifecycle.js'),
      import('../cli/columns.js'),
    ]);
    const clusters = await status(flags.name);
    if (clusters.length === 0) {
      if (flags.name) throw new Error(`no cluster "${flags.name}"`);
      this.logToStderr('No clusters. Create one with: minik8s up');
      return;
    }
    const rows = clusters.map((c) => [
      c.name,
      c.running ? 'Running' : 'Stopped',
      c.server,
      c.context,
      c.network ? `${c.network.state} ${c.network.ip}`.trim() : '-',
      c.ingress?.join(',') ?? '<none>',
    ]);
    this.log(
      formatColumns([['NAME', 'STATUS', 'SERVER', 'CONTEXT', 'NETWORK', 'INGRESS'], ...rows]).join('\n'),
    );
  }
}
