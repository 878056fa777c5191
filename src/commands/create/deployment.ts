import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { createFlags } from '../../cli/create-flags.js';

export default class CreateDeployment extends BaseCommand {
  static override summary = 'Create a deployment of the given images (labels and selector app=NAME).';
  static override aliases = ['create deploy'];
  static override strict = false;
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'Deployment name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> create deployment web --image=nginx --replicas=3 --port=80',
    '<%= config.bin %> create deploy sleeper --image=busybox -- sleep 3600',
  ];
  static override flags = {
    ...createFlags,
    image: Flags.string({ description: 'An image, a container each.', required: true, multiple: true }),
    replicas: Flags.integer({ char: 'r', description: 'Number of replicas.', default: 1 }),
    port: Flags.integer({ description: 'The port the first container exposes.' }),
  };

  async run(): Promise<void> {
    const { args, argv, flags } = await this.parse(CreateDeployment);
    const [{ runCreate }, { deployment }, { DEPLOYMENTS }, { processIo }] = await Promise.all([
      import('../../cli/create-generated.js'),
      import('../../cli/generate/workloads.js'),
      import('../../api/kinds/index.js'),
      import('../../cli/io.js'),
    ]);
    const command = (argv as string[]).slice(1);
    const make = () =>
      deployment(args.name, { images: flags.image, replicas: flags.replicas, port: flags.port, command });
    await runCreate(flags, DEPLOYMENTS, make, 'failed to create deployment: ', processIo);
  }
}
