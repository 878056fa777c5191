import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class RolloutHistory extends BaseCommand {
  static override summary = 'List the revisions of a rollout with their change causes, or show one revision.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND NAME..., or KIND/NAME...',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> rollout history deploy/web',
    '<%= config.bin %> rollout history deploy/web --revision 2',
  ];
  static override flags = {
    ...kubeFlags,
    revision: Flags.integer({ description: 'Show the pod template of this revision.', default: 0, min: 0 }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutHistory);
    const [{ actOnTargets }, { history }, { processIo }] = await Promise.all([
      import('../../cli/targets.js'),
      import('../../cli/rollout/history.js'),
      import('../../cli/io.js'),
    ]);
    const code = await actOnTargets(
      flags,
      argv as string[],
      (c, t) => history(c, t, flags.revision),
      processIo,
    );
    if (code) this.exit(code);
  }
}
