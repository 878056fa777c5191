import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allows, groupVersion, kinds } from '../kinds/index.js';
import { builtinDefinitions as definitions } from '../schema/definitions.js';
import { servedDefinitions } from '../schema/served-definitions.js';
import type { Schema } from '../schema/types.js';
import { openapiDocument, openapiIndex } from './v3.js';

type Json = Record<string, any>;

const servedVersions = kinds
  .all()
  .flatMap((r) => r.versions.map(({ name: version, definition }) => ({ ...r, version, definition })));
const docPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refs(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

describe('openapi', () => {
  it('lists every group-version in the index, with the sha512 of its document', () => {
    const index = openapiIndex();
    for (const r of servedVersions)
      expect(index.paths[docPath(r.group, r.version)], groupVersion(r)).toBeDefined();
    const [, url] =
      index.paths['apis/apps/v1'].serverRelativeURL.match(
        /^\/openapi\/v3\/apis\/apps\/v1\?hash=([0-9A-F]{128})$/,
      ) ?? [];
    const expected = createHash('sha512')
      .update(JSON.stringify(openapiDocument('apis/apps/v1')))
      .digest('hex')
      .toUpperCase();
    expect(url).toBe(expected);
    expect(index.paths.api).toBeDefined();
    expect(index.paths.apis).toBeDefined();
  });

  it('has, for every kind that may be patched, a PATCH with its group-version-kind and the fieldValidation parameter', () => {
    for (const r of servedVersions.filter((v) => allows(v, 'patch'))) {
      const doc = openapiDocument(docPath(r.group, r.version)) as Json;
      const patches = Object.values(doc.paths as Json)
        .map((p: Json) => p.patch)
        .filter((op: Json | undefined) => op?.['x-kubernetes-group-version-kind']?.kind === r.kind);
      expect(patches.length, `${r.kind} ${r.version}`).toBeGreaterThan(0);
      for (const op of patches) {
        expect(op['x-kubernetes-group-version-kind']).toEqual({
          group: r.group,
          version: r.version,
          kind: r.kind,
        });
        expect(op['x-kubernetes-action']).toBe('patch');
        expect(op.parameters.map((p: Json) => p.name)).toEqual(
          expect.arrayContaining(['fieldValidation', 'dryRun', 'fieldManager']),
        );
      }
    }
  });

  it('gives a read-only kind only its get and list operations', () => {
    const doc = openapiDocument('apis/metrics.k8s.io/v1beta1') as Json;
    const ops = Object.entries(doc.paths as Json).map(([path, item]) => [
      path,
      Object.keys(item)
        .filter((k) => k !== 'parameters')
        .map((method) => (item as Json)[method]['x-kubernetes-action']),
    ]);
    expect(Object.fromEntries(ops)).toEqual({
      '/apis/metrics.k8s.io/v1beta1/nodes': ['list'],
      '/apis/metrics.k8s.io/v1beta1/nodes/{name}': ['get'],
      '/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods': ['list'],
      '/apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods/{name}': ['get'],
      '/apis/metrics.k8s.io/v1beta1/pods': ['list'],
    });
  });

  it('serves namespaced, cluster-wide and subresource paths', () => {
    const core = openapiDocument('api/v1') as Json;
    expect(Object.keys(core.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/namespaces/{namespace}/pods',
        '/api/v1/namespaces/{namespace}/pods/{name}',
        '/api/v1/namespaces/{namespace}/pods/{name}/status',
        '/api/v1/namespaces/{namespace}/pods/{name}/binding',
        '/api/v1/pods',
        '/api/v1/nodes/{name}',
        '/api/v1/namespaces/{name}',
      ]),
    );
    const apps = openapiDocument('/apis/apps/v1/') as Json;
    const scale = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
    expect(scale.put['x-kubernetes-group-version-kind']).toEqual({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    expect(openapiDocument('apis/nosuch/v1')).toBeUndefined();
  });

  it('resolves every $ref of every document within that document', () => {
    for (const key of Object.keys(openapiIndex().paths)) {
      const doc = openapiDocument(key) as Json;
      for (const r of refs(doc))
        expect(doc.components.schemas[r.replace('#/components/schemas/', '')], `${key}: ${r}`).toBeDefined();
    }
  });

  it('resolves every $ref of every definition, and marks every kind and list with its GVK', () => {
    const served = servedDefinitions();
    for (const r of refs(served)) expect(served[r.replace('#/components/schemas/', '')], r).toBeDefined();
    for (const r of servedVersions) {
      for (const kind of [r.kind, `${r.kind}List`]) {
        const name = kind === r.kind ? r.definition : `${r.definition}List`;
        expect(served[name]?.['x-kubernetes-group-version-kind'], name).toEqual([
          { group: r.group, version: r.version, kind },
        ]);
      }
    }
  });

  it('lets explain walk pods.spec.containers.livenessProbe.httpGet.port as kubectl does', () => {
    const doc = openapiDocument('api/v1') as Json;
    const schemas: Record<string, Schema> = doc.components.schemas;
    const pod = Object.values(schemas).find((s) => s['x-kubernetes-group-version-kind']?.[0]?.kind === 'Pod');
    const follow = (s: Schema): Schema => {
      const target = s.$ref ?? s.allOf?.[0]?.$ref;
      return target ? follow(schemas[target.replace('#/components/schemas/', '')]) : s;
    };
    let s = pod!;
    for (const field of ['spec', 'containers', 'livenessProbe', 'httpGet', 'port']) {
      const prop = follow(s).properties?.[field];
      expect(prop?.description, field).toBeTruthy();
      s = prop!.type === 'array' ? prop!.items! : prop!;
    }
    expect(follow(s)['x-kubernetes-int-or-string']).toBe(true);
  });

  it('carries Kubernetes strategic merge patch metadata', () => {
    const props = (name: string) => definitions[name].properties!;
    expect(props('io.k8s.api.core.v1.PodSpec').containers).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(props('io.k8s.api.core.v1.PodSpec').volumes).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge,retainKeys',
    });
    expect(props('io.k8s.api.core.v1.Container').ports).toMatchObject({
      'x-kubernetes-patch-merge-key': 'containerPort',
    });
    expect(props('io.k8s.api.core.v1.Container').volumeMounts).toMatchObject({
      'x-kubernetes-patch-merge-key': 'mountPath',
    });
    expect(props('io.k8s.api.core.v1.Container').env).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
    });
    expect(props('io.k8s.api.core.v1.ServiceSpec').ports).toMatchObject({
      'x-kubernetes-patch-merge-key': 'port',
    });
    expect(props('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').ownerReferences).toMatchObject({
      'x-kubernetes-patch-merge-key': 'uid',
    });
    expect(props('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').finalizers).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(props('io.k8s.api.core.v1.PodStatus').conditions).toMatchObject({
      'x-kubernetes-patch-merge-key': 'type',
    });
    expect(props('io.k8s.api.apps.v1.DeploymentStatus').conditions).toMatchObject({
      'x-kubernetes-patch-merge-key': 'type',
    });
  });
});
