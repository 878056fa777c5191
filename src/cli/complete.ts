import { readFileSync } from 'node:fs';
import type { Command, Interfaces } from '@oclif/core';
import { completionSource } from './complete-source.js';
import { type Completions, completions, Directive } from './complete-values.js';
import { type CompletableCommand, completionPoint, joinEquals } from './complete-words.js';
import { commandFirst } from './leading-flags.js';
import { OUTPUT_FORMATS } from './output-format.js';

const asCompletable = (c: Command.Cached): CompletableCommand => ({
  id: c.id,
  aliases: c.aliases,
  flags: Object.fromEntries(
    Object.entries(c.flags ?? {}).map(([name, f]) => [
      name,
      { type: f.type, char: f.char, options: f.type === 'option' ? f.options : undefined },
    ]),
  ),
  args: Object.values(c.args ?? {}).map((a) => ({ options: a.options })),
});

/** The answer of `minik8s __complete WORDS...` in cobra's format: candidates, then `:DIRECTIVE`. */
export async function completeWords(commands: Command.Cached[], words: string[]): Promise<string> {
  const point = completionPoint(commands.map(asCompletable), commandWordsFirst(commands, words));
  let answer: Completions = { values: [], directive: Directive.NoFileComp };
  if (point) {
    const source = completionSource(point.flags);
    try {
      answer = await completions(point, source, OUTPUT_FORMATS);
    } catch {
      answer = { values: [], directive: Directive.Error };
    } finally {
      source.close();
    }
  }
  return [...answer.values, `:${answer.directive}`].join('\n') + '\n';
}

/**
 * The words with kubectl's global flags typed before the command (`-n kube-system get pods`) moved
 * after it, as bin/run.js runs such a command line; the word being completed stays last.
 */
function commandWordsFirst(commands: Command.Cached[], words: string[]): string[] {
  if (!words[0]?.startsWith('-') || words.length < 2) return words;
  const joined = joinEquals(words);
  const known = new Set(commands.flatMap((c) => [c.id, ...c.aliases].map((id) => id.split(':')[0])));
  const reordered = commandFirst(joined.slice(0, -1), known);
  return 'error' in reordered ? words : [...reordered.args, joined.at(-1) ?? ''];
}

/**
 * `minik8s __complete` as bin/run.js runs it, without oclif's start-up (most of a tab press's
 * time): the commands' flags and arguments read from the oclif manifest the build writes.
 */
export async function completeFromManifest(manifestFile: string | URL, words: string[]): Promise<void> {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Interfaces.Manifest;
  process.stdout.write(await completeWords(Object.values(manifest.commands), words));
}
