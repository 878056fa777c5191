import { afterEach, describe, expect, it } from 'vitest';
import { discovery } from './discovery.js';
import { type KindDef, kinds } from './kinds/index.js';
import { openapiV2 } from './openapi/v2.js';
import { openapiDocument, openapiHash, openapiIndex } from './openapi/v3.js';
import { servedDefinitions } from './schema/served-definitions.js';

function kind(group: string, name: string): KindDef {
  return {
    group,
    version: 'v1',
    kind: name,
    resource: `${name.toLowerCase()}s`,
    singular: name.toLowerCase(),
    namespaced: true,
    versions: [
      {
        name: 'v1',
        definition: `${group.split('.').reverse().join('.')}.v1.${name}`,
        schema: {
          type: 'object',
          'x-kubernetes-group-version-kind': [{ group, version: 'v1', kind: name }],
          properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
        },
      },
    ],
    subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
  };
}

const added: KindDef[] = [];
function add(def: KindDef): void {
  kinds.add(def);
  added.push(def);
}

afterEach(() => {
  for (const def of added.splice(0)) kinds.remove(def.group, def.resource);
});

describe('discovery and OpenAPI follow the kind registry', () => {
  it('serve a kind added at run time in its own group, and forget it once removed', () => {
    const before = { discovery: discovery(), index: openapiIndex(), v2: openapiV2() };
    add(kind('example.com', 'Widget'));

    const after = discovery();
    expect(after.groups.get('example.com')).toMatchObject({
      preferredVersion: { groupVersion: 'example.com/v1' },
    });
    expect(after.resourceLists.get('example.com/v1')).toMatchObject({
      resources: [
        { name: 'widgets', kind: 'Widget' },
        { name: 'widgets/status', kind: 'Widget' },
      ],
    });
    expect(after.aggregatedGroups.etag).not.toBe(before.discovery.aggregatedGroups.etag);
    expect(after.aggregatedCore.etag).toBe(before.discovery.aggregatedCore.etag);

    const url = openapiIndex().paths['apis/example.com/v1'].serverRelativeURL;
    expect(url).toBe(`/openapi/v3/apis/example.com/v1?hash=${openapiHash('apis/example.com/v1')}`);
    expect(openapiIndex().paths['api/v1']).toEqual(before.index.paths['api/v1']);
    const doc = openapiDocument('apis/example.com/v1') as {
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['com.example.v1.Widget', 'com.example.v1.WidgetList']),
    );
    expect(servedDefinitions()['com.example.v1.Widget']).toBeDefined();

    const v2 = openapiV2();
    expect(v2.etag).not.toBe(before.v2.etag);
    expect(Object.keys(v2.document.paths as object)).toContain(
      '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}',
    );

    kinds.remove('example.com', 'widgets');
    added.pop();
    expect(discovery().groups.has('example.com')).toBe(false);
    expect(openapiIndex()).toEqual(before.index);
    expect(openapiV2().etag).toBe(before.v2.etag);
    expect(servedDefinitions()['com.example.v1.Widget']).toBeUndefined();
  });

  it('change the hash of a group-version a kind joins', () => {
    const before = openapiHash('apis/apps/v1');
    add(kind('apps', 'Gadget'));
    expect(openapiHash('apis/apps/v1')).not.toBe(before);
    expect(openapiIndex().paths['apis/apps/v1'].serverRelativeURL).toContain(openapiHash('apis/apps/v1')!);
  });

  it('build each document once per registry change', () => {
    expect(discovery()).toBe(discovery());
    expect(openapiV2()).toBe(openapiV2());
    expect(openapiDocument('api/v1')).toBe(openapiDocument('api/v1'));
  });
});
