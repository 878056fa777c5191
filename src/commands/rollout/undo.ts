import { Flags } from '@oclif/core';
import { type TargetAction, TargetsCommand } from '../../cli/targets-command.js';

export default class RolloutUndo extends TargetsCommand {
  static override summary = 'Roll back to the previous revision, or to the one given.';
  static override examples = [
    '<%= config.bin %> rollout undo deploy/web',
    '<%= config.bin %> rollout undo deploy/web --to-revision 1',
  ];
  static override flags = {
    ...TargetsCommand.flags,
    'to-revision': Flags.integer({
      description: 'The revision to roll back to (0: the previous one).',
      default: 0,
      min: 0,
    }),
  };

  protected async action(flags: { 'to-revision'?: number }): Promise<TargetAction> {
    const { undo } = await import('../../cli/rollout/undo.js');
    return (c, t) => undo(c, t, flags['to-revision']);
  }
}
