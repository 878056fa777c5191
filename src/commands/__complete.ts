import { BaseCommand } from '../cli/base-command.js';

/**
 * cobra's `__complete` (what kubectl's completion scripts call): the words typed after the
 * executable, the last one being completed, in; the candidates, one a line, and `:DIRECTIVE` out.
 * A failure (no cluster, no answer in time) prints no candidate: a tab press shows no error.
 */
export default class Complete extends BaseCommand {
  static override hidden = true;
  static override strict = false;
  static override summary = 'Complete the words typed (used by the completion scripts).';
  static override examples = [
    "<%= config.bin %> __complete get pods -n kube-system ''",
    "<%= config.bin %> __complete get pods -o ''",
  ];

  async run(): Promise<void> {
    // The words are read by completion itself, which knows each command's flags; parsing them
    // here would stop at the first flag unknown to this command.
    const words = this.argv;
    await this.parse(Complete, []);
    const { completeWords } = await import('../cli/complete.js');
    process.stdout.write(await completeWords(this.config.commands, words));
  }
}
