import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Scale extends BaseCommand {
  static override summary =
    'Set the number of replicas of a Deployment, ReplicaSet, ReplicationController or StatefulSet.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND NAME..., or KIND/NAME...',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> scale deploy/web --replicas 5',
    '<%= config.bin %> scale rs web-7d9f8c6b5 rc/legacy --replicas 0',
    '<%= config.bin %> scale statefulset db --replicas 3 --current-replicas 2',
  ];
  static override flags = {
    ...kubeFlags,
    replicas: Flags.integer({ description: 'The new number of replicas.', required: true, min: 0 }),
    'current-replicas': Flags.integer({
      description: 'Scale only if the object has this many replicas now.',
      min: 0,
    }),
    'resource-version': Flags.string({ description: 'Scale only if the object is at this resourceVersion.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Scale);
    const [{ actOnTargets }, { scaleTarget }, { processIo }] = await Promise.all([
      import('../cli/targets.js'),
      import('../cli/scale.js'),
      import('../cli/io.js'),
    ]);
    const opts = {
      replicas: flags.replicas,
      currentReplicas: flags['current-replicas'],
      resourceVersion: flags['resource-version'],
    };
    const code = await actOnTargets(flags, argv as string[], (c, t) => scaleTarget(c, t, opts), processIo);
    if (code) this.exit(code);
  }
}
