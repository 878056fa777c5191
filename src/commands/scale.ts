import { Flags } from '@oclif/core';
import { type TargetAction, TargetsCommand } from '../cli/targets-command.js';

export default class Scale extends TargetsCommand {
  static override summary =
    'Set the number of replicas of a Deployment, ReplicaSet, ReplicationController or StatefulSet.';
  static override examples = [
    '<%= config.bin %> scale deploy/web --replicas 5',
    '<%= config.bin %> scale rs web-7d9f8c6b5 --replicas 0',
    '<%= config.bin %> scale statefulset db --replicas 3 --current-replicas 2',
  ];
  static override flags = {
    ...TargetsCommand.flags,
    replicas: Flags.integer({ description: 'The new number of replicas.', required: true, min: 0 }),
    'current-replicas': Flags.integer({
      description: 'Scale only if the object has this many replicas now.',
      min: 0,
    }),
    'resource-version': Flags.string({ description: 'Scale only if the object is at this resourceVersion.' }),
  };

  protected async action(flags: {
    replicas?: number;
    'current-replicas'?: number;
    'resource-version'?: string;
  }): Promise<TargetAction> {
    const { scaleTarget } = await import('../cli/scale.js');
    const opts = {
      replicas: flags.replicas!,
      currentReplicas: flags['current-replicas'],
      resourceVersion: flags['resource-version'],
    };
    return (c, t) => scaleTarget(c, t, opts);
  }
}
