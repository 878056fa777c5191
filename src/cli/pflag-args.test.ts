import { describe, expect, it } from 'vitest';
import { pflagArgs } from './pflag-args.js';
import { suggestionsFor } from './suggestions.js';

const flags = {
  watch: { type: 'boolean' as const, char: 'w' },
  'all-namespaces': { type: 'boolean' as const, char: 'A' },
  'no-headers': { type: 'boolean' as const },
  output: { type: 'option' as const, char: 'o' },
  tail: { type: 'option' as const },
};

describe("kubectl's (pflag's) flag forms", () => {
  it('reads --flag=true|false and -A=false as Go booleans', () => {
    expect(pflagArgs(['pods', '--watch=true', '-A=false', '--no-headers=F'], flags)).toEqual({
      argv: ['pods', '--watch'],
      falses: ['all-namespaces', 'no-headers'],
    });
    expect(pflagArgs(['pods', '-A=1', '-o', 'yaml', '--', '--watch=x'], flags).argv).toEqual([
      'pods',
      '-A',
      '-o',
      'yaml',
      '--',
      '--watch=x',
    ]);
  });

  it('refuses what pflag refuses, in its words', () => {
    expect(() => pflagArgs(['--watch=maybe'], flags)).toThrow(
      'invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
    expect(() => pflagArgs(['--no-headers=yes'], flags)).toThrow('for "--no-headers" flag');
    expect(() => pflagArgs(['pods', '-o'], flags)).toThrow("flag needs an argument: 'o' in -o");
    expect(() => pflagArgs(['--tail'], flags)).toThrow('flag needs an argument: --tail');
    expect(() => pflagArgs(['-A='], flags)).toThrow("unknown shorthand flag: '=' in -=");
  });
});

describe("cobra's suggestions", () => {
  it('names commands within 2 edits or starting with the word', () => {
    const names = ['get', 'logs', 'rollout', 'top', 'stop', 'describe', 'delete'];
    expect(suggestionsFor('gte', names)).toEqual(['get']);
    expect(suggestionsFor('LGS', names)).toEqual(['logs']);
    expect(suggestionsFor('descr', names)).toEqual(['describe']);
    expect(suggestionsFor('frobnicate', names)).toEqual([]);
  });
});
