import Cordon from './cordon.js';

export default class Uncordon extends Cordon {
  static override summary = 'Mark a node schedulable again.';
  static override examples = ['<%= config.bin %> uncordon mycluster-worker'];
  // oclif reads a command's own arguments and flags, not those it inherits.
  static override args = Cordon.args;
  static override flags = Cordon.flags;
  protected override unschedulable = false;
}
