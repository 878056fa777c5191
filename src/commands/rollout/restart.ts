import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class RolloutRestart extends BaseCommand {
  static override summary =
    'Restart the pods of a Deployment, DaemonSet or StatefulSet by rolling them out again.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND NAME..., or KIND/NAME...',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> rollout restart deploy/web',
    '<%= config.bin %> rollout restart daemonset/agent statefulset/db',
  ];
  static override flags = { ...kubeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutRestart);
    const [{ actOnTargets }, { restart }, { processIo }] = await Promise.all([
      import('../../cli/targets.js'),
      import('../../cli/rollout/patches.js'),
      import('../../cli/io.js'),
    ]);
    const code = await actOnTargets(flags, argv as string[], restart, processIo);
    if (code) this.exit(code);
  }
}
