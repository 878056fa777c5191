import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class RolloutPause extends BaseCommand {
  static override summary =
    'Pause a Deployment: changes to its pod template are not rolled out until it is resumed.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND NAME..., or KIND/NAME...',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override examples = ['<%= config.bin %> rollout pause deploy/web'];
  static override flags = { ...kubeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutPause);
    const [{ actOnTargets }, { pause }, { processIo }] = await Promise.all([
      import('../../cli/targets.js'),
      import('../../cli/rollout/patches.js'),
      import('../../cli/io.js'),
    ]);
    const code = await actOnTargets(flags, argv as string[], pause, processIo);
    if (code) this.exit(code);
  }
}
