import { BaseCommand } from '../cli/base-command.js';

export default class Clusters extends BaseCommand {
  static override summary =
    'List the clusters on this machine: state, nodes, API address and age; * marks the current one.';
  static override examples = ['<%= config.bin %> clusters', '<%= config.bin %> use dev'];

  async run(): Promise<void> {
    await this.parse(Clusters);
    const [{ clusterSummaries }, { formatColumns }, { since }] = await Promise.all([
      import('../cluster/switch-cluster.js'),
      import('../cli/columns.js'),
      import('../api/time.js'),
    ]);
    const clusters = await clusterSummaries();
    if (!clusters.length) {
      this.logToStderr('No clusters. Create one with: minik8s up');
      return;
    }
    const rows = clusters.map((c) => [
      c.current ? '*' : '',
      c.name,
      c.running ? 'Running' : 'Stopped',
      String(c.nodes),
      c.server,
      since(c.created),
    ]);
    this.log(formatColumns([['CURRENT', 'NAME', 'STATUS', 'NODES', 'API', 'AGE'], ...rows]).join('\n'));
  }
}
