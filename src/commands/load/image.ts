import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { defaultClusterName } from '../../cluster/paths.js';

export default class LoadImage extends BaseCommand {
  static override summary = 'Make a host Docker image usable by the pods of a cluster.';
  static override description =
    'Nodes run their pods on the host Docker engine, so a host image needs no copying: this checks it exists. ' +
    'Pods using it should set imagePullPolicy: IfNotPresent (or Never), or a tag other than latest.';
  static override examples = [
    '<%= config.bin %> load image my-app:1.0',
    '<%= config.bin %> load image my-app:1.0 --name dev',
  ];
  static override args = {
    image: Args.string({ description: 'Image name, as docker images shows it.', required: true }),
  };
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(LoadImage);
    const [{ default: Docker }, { loadImage }] = await Promise.all([
      import('dockerode'),
      import('../../cluster/local-images.js'),
    ]);
    const { image, id } = await loadImage(new Docker(), flags.name, args.image);
    this.log(`Image: "${image}" with ID "${id}" found on the host, usable by cluster "${flags.name}"`);
  }
}
