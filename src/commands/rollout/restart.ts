import { TargetsCommand } from '../../cli/targets-command.js';

export default class RolloutRestart extends TargetsCommand {
  static override summary =
    'Restart the pods of a Deployment, DaemonSet or StatefulSet by rolling them out again.';
  static override examples = [
    '<%= config.bin %> rollout restart deploy/web',
    '<%= config.bin %> rollout restart daemonset/agent statefulset/db',
  ];

  protected async action() {
    return (await import('../../cli/rollout/patches.js')).restart;
  }
}
