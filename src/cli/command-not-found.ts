import { type Hook, loadHelpClass } from '@oclif/core';
import { suggestionsFor } from './suggestions.js';

// kubectl 1.32's commands: only these are worth pointing to kubectl for.
const KUBECTL_COMMANDS = new Set(
  (
    'create expose run set explain get edit delete rollout scale autoscale certificate cluster-info top ' +
    'cordon uncordon drain taint describe logs attach exec port-forward proxy cp auth debug events diff ' +
    'apply patch replace wait kustomize label annotate completion alpha api-resources api-versions ' +
    'config plugin version options'
  ).split(' '),
);

/**
 * oclif's command_not_found hook. `help CMD...` shows that command's help, as `CMD --help` does;
 * any other word minik8s has no command for is said as cobra says it (oclif would name
 * `set:image:deploy/web`, the words joined), with cobra's suggestions, where help is and, for a
 * kubectl command minik8s lacks, that kubectl works against the same cluster.
 */
const commandNotFound: Hook<'command_not_found'> = async function (opts) {
  const [word, ...rest] = [...opts.id.split(':'), ...(opts.argv ?? [])];
  const bin = this.config.bin;
  if (word === 'help') {
    const words = rest.filter((w) => !w.startsWith('-'));
    let n = words.length;
    while (
      n > 0 &&
      !this.config.findCommand(words.slice(0, n).join(':')) &&
      !this.config.findTopic(words.slice(0, n).join(':'))
    )
      n--;
    if (n === 0 && words.length > 0) process.stdout.write(`Unknown help topic [\`${words.join(' ')}\`]\n`);
    const Help = await loadHelpClass(this.config);
    await new Help(this.config).showHelp(words.slice(0, n));
    return;
  }
  const visible = [...this.config.commands, ...this.config.topics].filter((c) => !c.hidden);
  const names = visible.map((c) => ('id' in c ? c.id : c.name).split(':')[0]);
  const suggestions = suggestionsFor(word, [...names, 'help']);
  const lines = [`Error: unknown command "${word}" for "${bin}"`];
  if (suggestions.length) lines.push('', 'Did you mean this?', ...suggestions.map((s) => `\t${s}`), '');
  const kubectl = KUBECTL_COMMANDS.has(word) ? `; kubectl ${word} works against minik8s clusters too` : '';
  lines.push(`Run '${bin} --help' for usage${kubectl}.`);
  process.stderr.write(`${lines.join('\n')}\n`);
  this.exit(1);
};

export default commandNotFound;
