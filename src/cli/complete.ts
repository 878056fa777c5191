import type { Command } from '@oclif/core';
import { completionSource } from './complete-source.js';
import { type Completions, completions, Directive } from './complete-values.js';
import { type CompletableCommand, completionPoint } from './complete-words.js';
import { OUTPUTS } from './get.js';

const asCompletable = (c: Command.Loadable): CompletableCommand => ({
  id: c.id,
  flags: Object.fromEntries(
    Object.entries(c.flags ?? {}).map(([name, f]) => [
      name,
      { type: f.type, char: f.char, options: f.type === 'option' ? f.options : undefined },
    ]),
  ),
  args: Object.values(c.args ?? {}).map((a) => ({ options: a.options })),
});

/** The answer of `minik8s __complete WORDS...` in cobra's format: candidates, then `:DIRECTIVE`. */
export async function completeWords(commands: Command.Loadable[], words: string[]): Promise<string> {
  const point = completionPoint(commands.map(asCompletable), words);
  let answer: Completions = { values: [], directive: Directive.NoFileComp };
  if (point) {
    const source = completionSource(point.flags);
    try {
      answer = await completions(point, source, OUTPUTS);
    } catch {
      answer = { values: [], directive: Directive.Error };
    } finally {
      source.close();
    }
  }
  return [...answer.values, `:${answer.directive}`].join('\n') + '\n';
}
