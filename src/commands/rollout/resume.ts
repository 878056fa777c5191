import { TargetsCommand } from '../../cli/targets-command.js';

export default class RolloutResume extends TargetsCommand {
  static override summary = 'Resume a paused Deployment: what changed while it was paused rolls out.';
  static override examples = ['<%= config.bin %> rollout resume deploy/web'];

  protected async action() {
    return (await import('../../cli/rollout/patches.js')).resume;
  }
}
