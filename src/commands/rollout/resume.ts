import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class RolloutResume extends BaseCommand {
  static override summary = 'Resume a paused Deployment: what changed while it was paused rolls out.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND NAME..., or KIND/NAME...',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override examples = ['<%= config.bin %> rollout resume deploy/web'];
  static override flags = { ...kubeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutResume);
    const [{ actOnTargets }, { resume }, { processIo }] = await Promise.all([
      import('../../cli/targets.js'),
      import('../../cli/rollout/patches.js'),
      import('../../cli/io.js'),
    ]);
    const code = await actOnTargets(flags, argv as string[], resume, processIo);
    if (code) this.exit(code);
  }
}
