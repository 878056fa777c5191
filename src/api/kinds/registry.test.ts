import { describe, expect, it } from 'vitest';
import { builtinVersion } from './builtin-version.js';
import { DEPLOYMENTS, HORIZONTAL_POD_AUTOSCALERS, kinds, PODS } from './index.js';
import type { KindDef } from './kind-def.js';
import { KindRegistry } from './registry.js';

const widget: KindDef = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  resource: 'widgets',
  singular: 'widget',
  namespaced: true,
  shortNames: ['wd'],
  versions: [
    {
      name: 'v1',
      definition: 'com.example.v1.Widget',
      schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
  ],
};

describe('the kind registry', () => {
  it.each([
    ['pods', PODS],
    ['pod', PODS],
    ['po', PODS],
    ['Pod', PODS],
    ['deploy', DEPLOYMENTS],
    ['deployments.apps', DEPLOYMENTS],
    ['deployment.apps', DEPLOYMENTS],
    ['hpa', HORIZONTAL_POD_AUTOSCALERS],
  ])('finds %s as a user types it', (name, def) => {
    expect(kinds.find(name)).toBe(def);
  });

  it('finds nothing for a name no kind has, or in another group', () => {
    expect(kinds.find('widgets')).toBeUndefined();
    expect(kinds.find('pods.apps')).toBeUndefined();
  });

  it('resolves an apiVersion and kind in every version the kind is served in', () => {
    expect(kinds.byKind('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe(HORIZONTAL_POD_AUTOSCALERS);
    expect(kinds.byKind('autoscaling/v1', 'HorizontalPodAutoscaler')).toBe(HORIZONTAL_POD_AUTOSCALERS);
    expect(kinds.byKind('autoscaling/v3', 'HorizontalPodAutoscaler')).toBeUndefined();
    expect(kinds.byKind('v1', 'Deployment')).toBeUndefined();
    expect(kinds.served('apps', 'v1', 'deployments')).toBe(DEPLOYMENTS);
    expect(kinds.served('apps', 'v2', 'deployments')).toBeUndefined();
  });

  it('takes the schema of a built-in version from the built-in definitions', () => {
    const v1 = builtinVersion('apps', 'v1', 'Deployment');
    expect(v1.definition).toBe('io.k8s.api.apps.v1.Deployment');
    expect(v1.schema['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    expect(() => builtinVersion('apps', 'v1', 'Gadget')).toThrow('no schema for Gadget v1');
  });

  it('serves kinds added at run time until they are removed, telling its listeners', () => {
    const registry = new KindRegistry([PODS]);
    const seen: number[] = [];
    const stop = registry.onChange(() => seen.push(registry.generation));
    registry.add(widget);
    expect(registry.find('wd')).toBe(widget);
    expect(registry.byKind('example.com/v1', 'Widget')).toBe(widget);
    expect(() => registry.add({ ...widget, kind: 'Other' })).toThrow('widgets.example.com is already served');
    expect(registry.remove('example.com', 'widgets')).toBe(widget);
    expect(registry.remove('example.com', 'widgets')).toBeUndefined();
    expect(registry.find('wd')).toBeUndefined();
    stop();
    registry.add(widget);
    expect(seen).toEqual([1, 2]);
  });

  it('keeps what it builds until it changes', () => {
    const registry = new KindRegistry([PODS]);
    let builds = 0;
    const names = registry.cached(() => {
      builds++;
      return registry.all().map((d) => d.resource);
    });
    expect(names()).toEqual(['pods']);
    expect(names()).toBe(names());
    registry.add(widget);
    expect(names()).toEqual(['pods', 'widgets']);
    expect(builds).toBe(2);
  });
});
