import { describe, expect, it } from 'vitest';
import type { ApiResource } from '../api/kinds/index.js';
import { findByKindOrThrow, ResourceTypes } from './kinds.js';
import { parseResourceArgs } from './resource-args.js';

const builtIn = await ResourceTypes.builtIn();
const show = (args: string[], types = builtIn) =>
  parseResourceArgs(args, types).map((r) => `${r.def.resource}:${r.names.join(',')}`);

/** The types a server with the CronTab CRD and a two-version Widget CRD discovers. */
const crontab: ApiResource = {
  group: 'stable.example.com',
  version: 'v1',
  kind: 'CronTab',
  resource: 'crontabs',
  singular: 'crontab',
  namespaced: true,
  shortNames: ['ct'],
};
const widget = (version: string): ApiResource => ({
  group: 'toys.example.com',
  version,
  kind: 'Widget',
  resource: 'widgets',
  singular: 'widget',
  namespaced: false,
  categories: ['all'],
});
const discovered = new ResourceTypes([
  ...['pods', 'configmaps'].map((t) => builtIn.find(t)!),
  crontab,
  widget('v1'),
  widget('v1beta1'),
]);

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

  it('refuses TYPE/NAME with an empty part or a second slash, as kubectl does', () => {
    expect(() => parseResourceArgs(['configmaps/a/b'], builtIn)).toThrow(
      'arguments in resource/name form may not have more than one slash',
    );
    expect(() => parseResourceArgs(['configmaps/'], builtIn)).toThrow(
      'arguments in resource/name form must have a single resource and name',
    );
  });

  it('refuses an empty name, which would address the whole collection, as kubectl does', () => {
    expect(() => parseResourceArgs(['configmaps', 'a', ''], builtIn)).toThrow(
      'resource name may not be empty',
    );
  });

  it('names unknown kinds as kubectl does', () => {
    expect(() => parseResourceArgs(['nosuch'], builtIn)).toThrow(
      'the server doesn\'t have a resource type "nosuch"',
    );
  });

  it('resolves the kinds the server discovered, in the version asked for or the preferred one', () => {
    expect(show(['ct', 'nightly'], discovered)).toEqual(['crontabs:nightly']);
    expect(show(['crontab.stable.example.com/nightly'], discovered)).toEqual(['crontabs:nightly']);
    const versions = (type: string) => parseResourceArgs([type], discovered).map((r) => r.def.version);
    expect(versions('widgets')).toEqual(['v1']);
    expect(versions('widgets.v1beta1.toys.example.com')).toEqual(['v1beta1']);
    expect(show(['all'], discovered)).toEqual(['pods:', 'widgets:']);
  });

  it('maps a manifest kind to the resource serving its apiVersion', () => {
    const object = (apiVersion: string) => ({ apiVersion, kind: 'Widget', metadata: { name: 'w' } });
    expect(findByKindOrThrow(discovered, object('toys.example.com/v1beta1'), 'STDIN').version).toBe(
      'v1beta1',
    );
    expect(() => findByKindOrThrow(builtIn, object('toys.example.com/v1'), 'STDIN')).toThrow(
      'no matches for kind "Widget" in version "toys.example.com/v1"\nensure CRDs are installed first',
    );
  });
});
