import { BaseCommand } from '../../cli/base-command.js';

export default class ImagesBuild extends BaseCommand {
  static override summary = "Build the local images (node/pause and busybox) from the host's files.";
  static override description =
    'Needs no registry. Images are cached: each is rebuilt only when the files it is made of change.';
  static override examples = ['<%= config.bin %> images build'];

  async run(): Promise<void> {
    await this.parse(ImagesBuild);
    const [{ default: Docker }, { ensureImages }] = await Promise.all([
      import('dockerode'),
      import('../../runtime/images.js'),
    ]);
    const results = await ensureImages(new Docker(), { onStep: (step) => this.logToStderr(` • ${step}`) });
    for (const r of results) this.log(`${r.image}\t${r.id}`);
  }
}
