import { describe, expect, it } from 'vitest';
import { parseResourceArgs } from './resource-args.js';

const show = (args: string[]) => parseResourceArgs(args).map((r) => `${r.def.resource}:${r.names.join(',')}`);

describe('resource arguments', () => {
  it.each([
    [['po'], ['pods:']],
    [['deploy,svc,cm'], ['deployments:', 'services:', 'configmaps:']],
    [['pod', 'a', 'b'], ['pods:a,b']],
    [
      ['pod/a', 'svc/b', 'pods/c'],
      ['pods:a,c', 'services:b'],
    ],
    [['deployments.apps', 'web'], ['deployments:web']],
  ])('%j', (args, want) => {
    expect(show(args)).toEqual(want);
  });

  it('expands all to the kinds of the all category', () => {
    expect(show(['all'])).toContain('pods:');
    expect(show(['all'])).toContain('deployments:');
    expect(show(['all'])).not.toContain('configmaps:');
  });

  it('names unknown kinds as kubectl does', () => {
    expect(() => parseResourceArgs(['nosuch'])).toThrow('the server doesn\'t have a resource type "nosuch"');
  });
});
