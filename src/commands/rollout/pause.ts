import { TargetsCommand } from '../../cli/targets-command.js';

export default class RolloutPause extends TargetsCommand {
  static override summary =
    'Pause a Deployment: changes to its pod template are not rolled out until it is resumed.';
  static override examples = ['<%= config.bin %> rollout pause deploy/web'];

  protected async action() {
    return (await import('../../cli/rollout/patches.js')).pause;
  }
}
