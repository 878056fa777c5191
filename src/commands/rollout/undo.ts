import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class RolloutUndo extends BaseCommand {
  static override summary = 'Roll back to the previous revision, or to the one given.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND NAME..., or KIND/NAME...',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> rollout undo deploy/web',
    '<%= config.bin %> rollout undo deploy/web --to-revision 1',
  ];
  static override flags = {
    ...kubeFlags,
    'to-revision': Flags.integer({
      description: 'The revision to roll back to (0: the previous one).',
      default: 0,
      min: 0,
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(RolloutUndo);
    const [{ actOnTargets }, { undo }, { processIo }] = await Promise.all([
      import('../../cli/targets.js'),
      import('../../cli/rollout/undo.js'),
      import('../../cli/io.js'),
    ]);
    const code = await actOnTargets(
      flags,
      argv as string[],
      (c, t) => undo(c, t, flags['to-revision']),
      processIo,
    );
    if (code) this.exit(code);
  }
}
