import { Flags } from '@oclif/core';
import { type TargetAction, TargetsCommand } from '../../cli/targets-command.js';

export default class RolloutHistory extends TargetsCommand {
  static override summary = 'List the revisions of a rollout with their change causes, or show one revision.';
  static override examples = [
    '<%= config.bin %> rollout history deploy/web',
    '<%= config.bin %> rollout history deploy/web --revision 2',
  ];
  static override flags = {
    ...TargetsCommand.flags,
    revision: Flags.integer({ description: 'Show the pod template of this revision.', default: 0, min: 0 }),
  };

  protected async action(flags: { revision?: number }): Promise<TargetAction> {
    const { history } = await import('../../cli/rollout/history.js');
    return (c, t) => history(c, t, flags.revision);
  }
}
