import { describe, expect, it } from 'vitest';
import { commandFirst, commandWords } from './leading-flags.js';

const commands = new Set(['get', 'logs', 'exec', 'rollout', 'help']);

describe('global flags before the command word, as kubectl takes them', () => {
  it('moves them after the command, before a --', () => {
    expect(commandFirst(['-n', 'shop', 'get', 'pods'], commands)).toEqual({
      args: ['get', 'pods', '-n', 'shop'],
    });
    expect(
      commandFirst(['--context', 'dev', '-nshop', '--verbose', 'rollout', 'status', 'deploy/web'], commands),
    ).toEqual({ args: ['rollout', 'status', 'deploy/web', '--context', 'dev', '-nshop', '--verbose'] });
    expect(commandFirst(['--namespace=shop', 'exec', 'web', '--', 'ls', '-n', 'x'], commands)).toEqual({
      args: ['exec', 'web', '--namespace=shop', '--', 'ls', '-n', 'x'],
    });
  });

  it('shows the help for global flags alone, as kubectl', () => {
    expect(commandFirst(['-n', 'shop'], commands)).toEqual({ args: ['--help'] });
    expect(commandFirst(['-n', 'shop', '-h', 'get'], commands)).toEqual({ args: ['--help'] });
  });

  it("refuses anything else first, in kubectl's words", () => {
    const misplaced = 'Error: flags cannot be placed before plugin name:';
    expect(commandFirst(['-A', 'get', 'pods'], commands)).toEqual({ error: `${misplaced} -A` });
    expect(commandFirst(['-n', 'x', '-A', 'get', 'pods'], commands)).toEqual({ error: `${misplaced} -n` });
    expect(commandFirst(['-n', 'x', 'nope'], commands)).toEqual({ error: `${misplaced} -n` });
    expect(commandFirst(['-n'], commands)).toEqual({
      error: "Error: flag needs an argument: 'n' in -n\nSee 'minik8s --help' for usage.",
    });
  });

  it("knows minik8s's command words from oclif's manifest", () => {
    expect([...commandWords()]).toEqual(expect.arrayContaining(['help', 'get', 'logs', 'rollout', 'node']));
    expect(commandWords().has('rollout:status')).toBe(false);
  });
});
