import { describe, expect, it } from 'vitest';
import { type CompletableCommand, completionPoint } from './complete-words.js';

const option = (char?: string) => ({ type: 'option' as const, char });
const commands: CompletableCommand[] = [
  {
    id: 'get',
    flags: { namespace: option('n'), output: option('o'), watch: { type: 'boolean', char: 'w' } },
    args: [{}],
  },
  { id: 'rollout:status', flags: { namespace: option('n') }, args: [{}, {}] },
  { id: 'exec', flags: { container: option('c') }, args: [{}] },
  { id: 'top:pods', aliases: ['top:pod'], flags: { namespace: option('n') }, args: [{}] },
];

describe('completionPoint', () => {
  it('finds the command, its arguments and the flag values typed in every pflag form', () => {
    expect(completionPoint(commands, ['get', '-w', '-nteam', 'pods', '--output=yaml', 'w'])).toMatchObject({
      command: { id: 'get' },
      args: ['pods'],
      flags: { namespace: 'team', output: 'yaml' },
      flag: undefined,
      toComplete: 'w',
    });
    expect(completionPoint(commands, ['rollout', 'status', '--namespace', 'team', ''])).toMatchObject({
      command: { id: 'rollout:status' },
      args: [],
      flags: { namespace: 'team' },
    });
  });

  it("completes a flag's value when the word before is an option flag, not a boolean one", () => {
    expect(completionPoint(commands, ['get', 'pods', '-o', 'js'])).toMatchObject({
      flag: 'output',
      toComplete: 'js',
    });
    expect(completionPoint(commands, ['get', '-w', ''])).toMatchObject({ flag: undefined, args: [] });
  });

  it('reads --flag=value as bash splits it, at the =', () => {
    expect(completionPoint(commands, ['get', 'pods', '--output', '=', 'ya'])).toMatchObject({
      flag: 'output',
      toComplete: 'ya',
    });
    expect(completionPoint(commands, ['get', 'pods', '--output', '='])).toMatchObject({
      flag: 'output',
      toComplete: '',
    });
    expect(completionPoint(commands, ['get', '--namespace', '=', 'team', 'pods', ''])).toMatchObject({
      flags: { namespace: 'team' },
      args: ['pods'],
    });
  });

  it('takes the words after -- as arguments, and knows no command it does not have', () => {
    expect(completionPoint(commands, ['exec', 'web', '--', '-c', ''])).toMatchObject({
      args: ['web', '-c'],
      flag: undefined,
    });
    expect(completionPoint(commands, ['rollout', ''])).toBeUndefined();
    expect(completionPoint(commands, ['nothing', ''])).toBeUndefined();
  });

  it('finds a command by its alias', () => {
    expect(completionPoint(commands, ['top', 'pod', '-n', 'team', ''])).toMatchObject({
      command: { id: 'top:pods' },
      flags: { namespace: 'team' },
      args: [],
    });
  });
});
