import { BaseCommand } from '../../cli/base-command.js';

export default class ImagesBuild extends BaseCommand {
  static override summary = "Build the local images (node/pause and busybox) from the host's files.";
  static override description =
    'Needs no registry. Images are cached: each is rebuilt only when the files it is made of change.';
  static override examples = ['<%= config.bin %> images build'];

  async run(): Promise<void> {
    await this.parse(ImagesBuild);
    const [{ default: Docker }, { buildLocalImages }] = await Promise.all([
      import('dockerode'),
      import('../../cluster/local-images.js'),
    ]);
    const results = await buildLocalImages(new Docker(), {
      onStep: (step) => this.logToStderr(` • ${step}`),
    });
    for (const r of results) this.log(`${r.image}\t${r.id}`);
  }
}
