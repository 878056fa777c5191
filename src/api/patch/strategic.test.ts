import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { definitionName, builtinDefinitions as definitions } from '../schema/definitions.js';
import type { Definitions, Schema } from '../schema/types.js';
import { strategicMerge } from './strategic.js';

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const wrapped = (name: string): Schema => ({ allOf: [ref(name)], default: {} });
const str: Schema = { type: 'string' };

const defs: Definitions = {
  'io.k8s.api.apps.v1.Deployment': {
    type: 'object',
    properties: {
      apiVersion: str,
      kind: str,
      metadata: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      spec: wrapped('io.k8s.api.apps.v1.DeploymentSpec'),
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    properties: {
      name: str,
      labels: { type: 'object', additionalProperties: str },
      annotations: { type: 'object', additionalProperties: str },
      finalizers: { type: 'array', items: str, 'x-kubernetes-patch-strategy': 'merge' },
    },
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      strategy: {
        ...wrapped('io.k8s.api.apps.v1.DeploymentStrategy'),
        'x-kubernetes-patch-strategy': 'retainKeys',
      },
      template: wrapped('io.k8s.api.core.v1.PodTemplateSpec'),
    },
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': {
    type: 'object',
    properties: { type: str, rollingUpdate: { type: 'object' } },
  },
  'io.k8s.api.core.v1.PodTemplateSpec': {
    type: 'object',
    properties: {
      metadata: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      spec: wrapped('io.k8s.api.core.v1.PodSpec'),
    },
  },
  'io.k8s.api.core.v1.PodSpec': {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: wrapped('io.k8s.api.core.v1.Container'),
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      volumes: {
        type: 'array',
        items: wrapped('io.k8s.api.core.v1.Volume'),
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge,retainKeys',
      },
      nodeSelector: { type: 'object', additionalProperties: str },
    },
  },
  'io.k8s.api.core.v1.Container': {
    type: 'object',
    properties: {
      name: str,
      image: str,
      args: { type: 'array', items: str },
      env: {
        type: 'array',
        items: wrapped('io.k8s.api.core.v1.EnvVar'),
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
      ports: {
        type: 'array',
        items: wrapped('io.k8s.api.core.v1.ContainerPort'),
        'x-kubernetes-patch-merge-key': 'containerPort',
        'x-kubernetes-patch-strategy': 'merge',
      },
    },
  },
  'io.k8s.api.core.v1.EnvVar': { type: 'object', properties: { name: str, value: str } },
  'io.k8s.api.core.v1.ContainerPort': {
    type: 'object',
    properties: { containerPort: { type: 'integer' }, protocol: str },
  },
  'io.k8s.api.core.v1.Volume': {
    type: 'object',
    properties: { name: str, configMap: { type: 'object' }, secret: { type: 'object' } },
  },
};

const resolve = (r: string): Schema => defs[r.replace('#/components/schemas/', '')];
const deployment = ref('io.k8s.api.apps.v1.Deployment');

function live() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      labels: { app: 'web', tier: 'frontend' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '1',
      },
      finalizers: ['example.com/a', 'example.com/b'],
    },
    spec: {
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80, protocol: 'TCP' }],
            },
            { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
          ],
          volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
        },
      },
    },
  };
}

const apply = (patch: unknown, original: unknown = live()) =>
  strategicMerge(original, patch, deployment, resolve) as any;

describe('strategicMerge with patches shaped as kubectl apply sends them', () => {
  it('changes replicas and an image, merging containers by name and keeping the rest', () => {
    const result = apply({
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:1.27', name: 'web' }],
          },
        },
      },
    });
    expect(result.spec.replicas).toBe(3);
    expect(result.spec.template.spec.containers).toEqual([
      { ...live().spec.template.spec.containers[0], image: 'nginx:1.27' },
      live().spec.template.spec.containers[1],
    ]);
    expect(result.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}',
      'deployment.kubernetes.io/revision': '1',
    });
    expect(JSON.stringify(result)).not.toContain('$setElementOrder');
  });

  it('removes a label with null and leaves the other labels', () => {
    const result = apply({ metadata: { labels: { tier: null } } });
    expect(result.metadata.labels).toEqual({ app: 'web' });
  });

  it('removes an env var with a $patch: delete element', () => {
    const result = apply({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }],
                env: [{ $patch: 'delete', name: 'B' }],
                name: 'web',
              },
            ],
          },
        },
      },
    });
    expect(result.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
    expect(result.spec.template.spec.containers[0].image).toBe('nginx:1.25');
  });

  it('reorders containers with $setElementOrder alone', () => {
    const result = apply({
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }] } } },
    });
    expect(result.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['sidecar', 'web']);
    expect(result.spec.template.spec.containers[1].env).toHaveLength(2);
  });

  it('adds a container in the position $setElementOrder gives', () => {
    const result = apply({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'metrics' }, { name: 'sidecar' }],
            containers: [{ image: 'exporter:1', name: 'metrics' }],
          },
        },
      },
    });
    expect(result.spec.template.spec.containers.map((c: any) => c.name)).toEqual([
      'web',
      'metrics',
      'sidecar',
    ]);
  });

  it('keeps server-only list elements next to the elements they followed', () => {
    const original = live();
    original.spec.template.spec.containers[0].env.push({ name: 'INJECTED', value: 'x' });
    const result = apply(
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
              containers: [
                {
                  '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }, { name: 'B' }],
                  env: [{ name: 'C', value: '3' }],
                  name: 'web',
                },
              ],
            },
          },
        },
      },
      original,
    );
    expect(result.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual([
      'C',
      'A',
      'B',
      'INJECTED',
    ]);
  });

  it('replaces lists without a merge strategy', () => {
    const result = apply({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ args: ['sleep', '10'], name: 'sidecar' }],
          },
        },
      },
    });
    expect(result.spec.template.spec.containers[1].args).toEqual(['sleep', '10']);
  });

  it('merges ports keyed by containerPort (a number)', () => {
    const result = apply({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [
              {
                '$setElementOrder/ports': [{ containerPort: 80 }, { containerPort: 443 }],
                name: 'web',
                ports: [{ containerPort: 443, protocol: 'TCP' }],
              },
            ],
          },
        },
      },
    });
    expect(result.spec.template.spec.containers[0].ports).toEqual([
      { containerPort: 80, protocol: 'TCP' },
      { containerPort: 443, protocol: 'TCP' },
    ]);
  });

  it('clears keys missing from $retainKeys (strategy RollingUpdate -> Recreate)', () => {
    const result = apply({
      spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } },
    });
    expect(result.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('switches a volume source with $retainKeys inside a merged list element', () => {
    const result = apply({
      spec: {
        template: {
          spec: {
            '$setElementOrder/volumes': [{ name: 'config' }],
            volumes: [
              {
                $retainKeys: ['name', 'secret'],
                configMap: null,
                name: 'config',
                secret: { secretName: 's' },
              },
            ],
          },
        },
      },
    });
    expect(result.spec.template.spec.volumes).toEqual([{ name: 'config', secret: { secretName: 's' } }]);
  });

  it('rejects a patch key that $retainKeys does not list', () => {
    expect(() => apply({ spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } })).toThrow(
      'invalid patch format of retainKeys',
    );
  });

  it('deletes from a primitive list with $deleteFromPrimitiveList and orders with $setElementOrder', () => {
    const result = apply({
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['example.com/a'],
        '$setElementOrder/finalizers': ['example.com/c', 'example.com/b'],
        finalizers: ['example.com/c'],
      },
    });
    expect(result.metadata.finalizers).toEqual(['example.com/c', 'example.com/b']);
  });

  it('unions primitive lists that have the merge strategy', () => {
    const result = apply({ metadata: { finalizers: ['example.com/b', 'example.com/z'] } });
    expect(result.metadata.finalizers).toEqual(['example.com/a', 'example.com/b', 'example.com/z']);
  });
});

describe('strategicMerge directives', () => {
  it('$patch: replace on a map replaces it', () => {
    const result = apply({ spec: { template: { metadata: { labels: { $patch: 'replace', app: 'new' } } } } });
    expect(result.spec.template.metadata.labels).toEqual({ app: 'new' });
  });

  it('$patch: delete on a map removes it', () => {
    const result = apply({ spec: { strategy: { $patch: 'delete' } } });
    expect(result.spec.strategy).toBeUndefined();
  });

  it('$patch: replace in a list replaces the whole list', () => {
    const result = apply({
      spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } } },
    });
    expect(result.spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('$patch: merge is the default and is dropped', () => {
    const result = apply({ metadata: { $patch: 'merge', labels: { extra: 'yes' } } });
    expect(result.metadata.labels).toEqual({ app: 'web', tier: 'frontend', extra: 'yes' });
  });

  it('drops directives and nulls from values added where nothing existed', () => {
    const result = apply({
      spec: { template: { spec: { nodeSelector: { disk: 'ssd', gone: null } } } },
    });
    expect(result.spec.template.spec.nodeSelector).toEqual({ disk: 'ssd' });
  });

  it('rejects an unknown $patch value and a merge-list element without its key', () => {
    expect(() => apply({ metadata: { $patch: 'explode' } })).toThrow(/unknown patch type: explode/);
    const noKey = () => apply({ spec: { template: { spec: { containers: [{ image: 'x' }] } } } });
    expect(noKey).toThrow(ApiError);
    expect(noKey).toThrow(/does not contain declared merge key: name/);
  });

  it('never mutates its inputs', () => {
    const original = live();
    const patch = { spec: { replicas: 5, strategy: { $retainKeys: ['type'], type: 'Recreate' } } };
    const before = JSON.stringify({ original, patch });
    apply(patch, original);
    expect(JSON.stringify({ original, patch })).toBe(before);
  });

  it('treats fields without schema metadata as plain merge (maps) and replace (lists)', () => {
    const result = apply(
      { spec: { template: { spec: { unknownList: [2], unknownMap: { b: 2 } } } } },
      {
        spec: { template: { spec: { unknownList: [1], unknownMap: { a: 1 } } } },
      },
    );
    expect(result.spec.template.spec).toEqual({ unknownList: [2], unknownMap: { a: 1, b: 2 } });
  });
});

describe('strategicMerge safety', () => {
  it('ignores "__proto__" keys instead of reaching Object.prototype', () => {
    const patch = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "metadata": {"__proto__": {"polluted": "yes"}}}',
    );
    const result = apply(patch);
    expect(({} as any).polluted).toBeUndefined();
    expect(result.polluted).toBeUndefined();
    expect(result.metadata.polluted).toBeUndefined();
  });
});

describe('strategicMerge against the served Deployment schema', () => {
  it('applies a kubectl apply edit: replicas, image, removed label and env var, reordered containers', () => {
    const schema = definitions[definitionName('apps', 'v1', 'Deployment')];
    const served = (r: string): Schema => definitions[r.replace('#/components/schemas/', '')];
    const result = strategicMerge(
      live(),
      {
        metadata: { labels: { tier: null } },
        spec: {
          replicas: 3,
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
              containers: [
                {
                  '$setElementOrder/env': [{ name: 'A' }],
                  env: [{ $patch: 'delete', name: 'B' }],
                  image: 'nginx:1.27',
                  name: 'web',
                },
              ],
            },
          },
        },
      },
      schema,
      served,
    ) as any;
    expect(result.metadata.labels).toEqual({ app: 'web' });
    expect(result.spec.replicas).toBe(3);
    expect(result.spec.template.spec.containers).toEqual([
      live().spec.template.spec.containers[1],
      {
        name: 'web',
        image: 'nginx:1.27',
        env: [{ name: 'A', value: '1' }],
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      },
    ]);
    expect(result.metadata.finalizers).toEqual(live().metadata.finalizers);
  });
});
