import Cordon from './cordon.js';

export default class Uncordon extends Cordon {
  static override summary = 'Mark a node schedulable again.';
  static override examples = ['<%= config.bin %> uncordon mycluster-worker'];
  protected override unschedulable = false;
}
