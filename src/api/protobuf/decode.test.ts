import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { decodeProtobufObject } from './decode.js';
import { typeOf, unknownType } from './registry.js';

interface Fixture {
  command: string[];
  body: string;
  object: unknown;
}

const fixtures = JSON.parse(
  readFileSync(new URL('./fixtures/kubectl-1.32-create.json', import.meta.url), 'utf8'),
) as Fixture[];

/** A body as client-go frames it: the magic, then a runtime.Unknown around the object. */
function frame(apiVersion: string, kind: string, object: Record<string, unknown>): Buffer {
  const type = typeOf(apiVersion, kind);
  if (!type) throw new Error(`no type for ${apiVersion} ${kind}`);
  const raw = type.encode(type.fromObject(object)).finish();
  const envelope = unknownType().encode({ typeMeta: { apiVersion, kind }, raw, contentType: '' }).finish();
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), envelope]);
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('decodeProtobufObject on bodies captured from kubectl 1.32', () => {
  for (const f of fixtures) {
    it(`kubectl ${f.command.join(' ')} gives what kubectl sends as JSON`, () => {
      expect(decodeProtobufObject(Buffer.from(f.body, 'base64'))).toEqual(f.object);
    });
  }
});

describe('decodeProtobufObject', () => {
  it('decodes the autoscaling/v1 HorizontalPodAutoscaler that kubectl autoscale sends', () => {
    const obj = decodeProtobufObject(
      frame('autoscaling/v1', 'HorizontalPodAutoscaler', {
        metadata: { name: 'web' },
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
          maxReplicas: 5,
          targetCPUUtilizationPercentage: 60,
        },
        status: { currentReplicas: 0, desiredReplicas: 0 },
      }),
    );
    expect(obj).toMatchObject({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 60,
      },
    });
  });

  it('keeps a pointer set to zero and drops Go zero values that JSON omits', () => {
    const obj = decodeProtobufObject(
      frame('apps/v1', 'Deployment', {
        metadata: { name: 'd', namespace: '', generation: 0 },
        spec: {
          replicas: 0,
          paused: false,
          minReadySeconds: 0,
          template: { spec: { containers: [{ name: 'c', image: '' }] } },
        },
      }),
    );
    expect(obj).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd' },
      spec: { replicas: 0, template: { spec: { containers: [{ name: 'c' }] } } },
    });
  });

  it('converts times, quantities, int-or-strings, bytes and inlined structs to their JSON forms', () => {
    const obj = decodeProtobufObject(
      frame('v1', 'Pod', {
        metadata: {
          name: 'p',
          creationTimestamp: { seconds: 1700000000 },
          deletionTimestamp: {},
          labels: { app: 'x' },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: 'rs',
              uid: 'u1',
              controller: true,
              blockOwnerDeletion: false,
            },
          ],
          managedFields: [
            {
              manager: 'kubectl',
              fieldsType: 'FieldsV1',
              fieldsV1: { Raw: Buffer.from('{"f:metadata":{}}') },
            },
          ],
        },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'nginx',
              resources: { limits: { cpu: { string: '500m' }, memory: { string: '128Mi' } } },
              env: [
                {
                  name: 'K',
                  valueFrom: {
                    configMapKeyRef: { localObjectReference: { name: 'cm' }, key: 'k', optional: false },
                  },
                },
              ],
              livenessProbe: {
                handler: { httpGet: { path: '/healthz', port: { type: 1, strVal: 'http' } } },
                periodSeconds: 5,
              },
              readinessProbe: { handler: { tcpSocket: { port: { type: 0, intVal: 8080 } } } },
              securityContext: { runAsUser: 0, privileged: false },
            },
          ],
          volumes: [
            { name: 'data', volumeSource: { emptyDir: { sizeLimit: { string: '1Gi' } } } },
            {
              name: 'cfg',
              volumeSource: { configMap: { localObjectReference: { name: 'cm' }, defaultMode: 420 } },
            },
          ],
          terminationGracePeriodSeconds: 0,
          tolerations: [{ key: 'k', operator: 'Exists', tolerationSeconds: 30 }],
        },
      }),
    );
    expect(obj).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: 'p',
        creationTimestamp: '2023-11-14T22:13:20Z',
        deletionTimestamp: null,
        labels: { app: 'x' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'rs',
            uid: 'u1',
            controller: true,
            blockOwnerDeletion: false,
          },
        ],
        managedFields: [{ manager: 'kubectl', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }],
      },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx',
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
            env: [{ name: 'K', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: false } } }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
            readinessProbe: { tcpSocket: { port: 8080 } },
            securityContext: { runAsUser: 0, privileged: false },
          },
        ],
        volumes: [
          { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
          { name: 'cfg', configMap: { name: 'cm', defaultMode: 420 } },
        ],
        terminationGracePeriodSeconds: 0,
        tolerations: [{ key: 'k', operator: 'Exists', tolerationSeconds: 30 }],
      },
    });
  });

  it('gives Secret data and ConfigMap binaryData as base64', () => {
    const secret = decodeProtobufObject(
      frame('v1', 'Secret', {
        metadata: { name: 's' },
        data: { bin: Buffer.from([0, 255, 1]) },
        type: 'Opaque',
      }),
    );
    expect(secret).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's' },
      data: { bin: 'AP8B' },
      type: 'Opaque',
    });
    const cm = decodeProtobufObject(
      frame('v1', 'ConfigMap', { metadata: { name: 'c' }, binaryData: { b: Buffer.from('hi') } }),
    );
    expect(cm).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c' },
      binaryData: { b: 'aGk=' },
    });
  });

  it('decodes a pod eviction with its delete options', () => {
    const obj = decodeProtobufObject(
      frame('policy/v1', 'Eviction', {
        metadata: { name: 'p', namespace: 'default' },
        deleteOptions: { gracePeriodSeconds: 0 },
      }),
    );
    expect(obj).toEqual({
      kind: 'Eviction',
      apiVersion: 'policy/v1',
      metadata: { name: 'p', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0 },
    });
  });

  it('decodes a PodDisruptionBudget as kubectl create pdb sends it', () => {
    const obj = decodeProtobufObject(
      frame('policy/v1', 'PodDisruptionBudget', {
        metadata: { name: 'web' },
        spec: { minAvailable: { type: 1, strVal: '50%' }, selector: { matchLabels: { app: 'web' } } },
      }),
    );
    expect(obj).toMatchObject({
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
    });
  });

  it('decodes delete options under whatever group version the client tags them with', () => {
    for (const apiVersion of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
      const obj = decodeProtobufObject(
        frame(apiVersion, 'DeleteOptions', { propagationPolicy: 'Foreground', preconditions: { uid: 'u1' } }),
      );
      expect(obj).toEqual({
        kind: 'DeleteOptions',
        apiVersion,
        propagationPolicy: 'Foreground',
        preconditions: { uid: 'u1' },
      });
    }
  });

  it('answers 400 for a body without the protobuf prefix', () => {
    const err = apiError(() => decodeProtobufObject(Buffer.from('{"kind":"ConfigMap"}')));
    expect(err.code).toBe(400);
    expect(err.status.reason).toBe('BadRequest');
  });

  it('answers 400 for a truncated body', () => {
    const body = Buffer.from(fixtures[0].body, 'base64');
    expect(apiError(() => decodeProtobufObject(body.subarray(0, body.length - 5))).code).toBe(400);
  });

  it('decodes the PriorityClass that kubectl create priorityclass sends', () => {
    const obj = decodeProtobufObject(
      frame('scheduling.k8s.io/v1', 'PriorityClass', {
        metadata: { name: 'high' },
        value: 1000,
        globalDefault: false,
        description: 'for the important ones',
        preemptionPolicy: 'Never',
      }),
    );
    expect(obj).toMatchObject({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1000,
      description: 'for the important ones',
      preemptionPolicy: 'Never',
    });
  });

  it('answers 400 for an envelope without a kind', () => {
    const envelope = unknownType().encode({ raw: new Uint8Array() }).finish();
    expect(
      apiError(() => decodeProtobufObject(Buffer.concat([Buffer.from('k8s\0', 'latin1'), envelope]))).code,
    ).toBe(400);
  });

  it('answers 415 for a kind it does not decode', () => {
    const envelope = unknownType()
      .encode({ typeMeta: { apiVersion: 'apps/v1', kind: 'ControllerRevision' }, raw: new Uint8Array() })
      .finish();
    const err = apiError(() =>
      decodeProtobufObject(Buffer.concat([Buffer.from('k8s\0', 'latin1'), envelope])),
    );
    expect(err.code).toBe(415);
    expect(err.status.reason).toBe('UnsupportedMediaType');
  });

  it('ignores fields newer than the types it knows, as a Go server does', () => {
    const known = frame('v1', 'ServiceAccount', { metadata: { name: 'sa' } });
    const extra = protobuf.Writer.create()
      .uint32((99 << 3) | 2)
      .string('from the future')
      .finish();
    const type = typeOf('v1', 'ServiceAccount');
    const raw = Buffer.concat([
      Buffer.from(type!.encode(type!.fromObject({ metadata: { name: 'sa' } })).finish()),
      extra,
    ]);
    const envelope = unknownType()
      .encode({ typeMeta: { apiVersion: 'v1', kind: 'ServiceAccount' }, raw })
      .finish();
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), envelope]);
    expect(decodeProtobufObject(body)).toEqual(decodeProtobufObject(known));
  });
});
