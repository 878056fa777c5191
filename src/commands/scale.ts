import { Flags } from '@oclif/core';
import { BaseCommand, dryRunFlag, kubeFlags, NO_RESOURCES } from '../cli/base-command.js';
import { namedObjectArgs } from '../cli/targets-command.js';

export default class Scale extends BaseCommand {
  static override summary =
    'Set the number of replicas of a Deployment, ReplicaSet, ReplicationController or StatefulSet.';
  static override strict = false;
  static override args = namedObjectArgs;
  static override missingArgs = NO_RESOURCES;
  static override examples = [
    '<%= config.bin %> scale deploy/web --replicas 5',
    '<%= config.bin %> scale rs web-7d9f8c6b5 --replicas 0',
    '<%= config.bin %> scale statefulset db --replicas 3 --current-replicas 2',
    '<%= config.bin %> scale deploy/web --replicas 2 --dry-run=server',
  ];
  static override flags = {
    ...kubeFlags,
    replicas: Flags.integer({ description: 'The new number of replicas.', required: true }),
    'current-replicas': Flags.integer({
      description: 'Scale only if the object has this many replicas now.',
      min: 0,
    }),
    'resource-version': Flags.string({ description: 'Scale only if the object is at this resourceVersion.' }),
    output: Flags.string({ char: 'o', description: 'name: print only TYPE/NAME of each object scaled.' }),
    'dry-run': dryRunFlag,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Scale);
    const [{ connect }, { scaleOptions, scaleArgs }, { processIo }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/scale.js'),
      import('../cli/io.js'),
    ]);
    const opts = scaleOptions(flags, (line) => this.logToStderr(line));
    const target = connect(flags);
    try {
      if (await scaleArgs(target, argv as string[], opts, processIo)) this.exit(1);
    } finally {
      target.client.close();
    }
  }
}
