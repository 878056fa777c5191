import { describe, expect, it } from 'vitest';
import type { KubeObject, StatusCause } from '../types.js';
import { applyDefaults } from './defaults.js';
import { validateCreate, validateUpdate } from './validate.js';

type Obj = Record<string, any>;

const deployment = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
    },
  },
});

const pod = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

const check = (o: Obj): StatusCause[] => validateCreate(applyDefaults(o as KubeObject));
const SUBDOMAIN_MSG =
  "Invalid value: \"Foo_x\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('validateCreate', () => {
  it('accepts valid objects of each common kind', () => {
    const objects: Obj[] = [
      deployment(),
      pod(),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'd' },
        data: { 'app.properties': 'x', KEY_1: 'y' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'd' },
        spec: {
          selector: { app: 'web' },
          ports: [
            { name: 'http', port: 80, targetPort: 'http' },
            { name: 'm', port: 9090 },
          ],
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'c', namespace: 'd' },
        spec: {
          schedule: '*/5 * * * *',
          jobTemplate: {
            spec: {
              template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'i' }] } },
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'c', namespace: 'd' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'i', namespace: 'd' },
        spec: {
          rules: [
            {
              host: 'web.example.com',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'web', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h', namespace: 'd' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 1,
          maxReplicas: 5,
        },
      },
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'node-1', namespace: 'kube-node-lease' },
        spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 },
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'kind-worker' },
        status: { capacity: { cpu: '2', memory: '1Gi', pods: '110' } },
      },
    ];
    for (const o of objects) expect(check(o), o.kind).toEqual([]);
  });

  it.each<[string, (o: Obj) => Obj, StatusCause]>([
    [
      'bad name',
      (o) => ({ ...o, metadata: { ...o.metadata, name: 'Foo_x' } }),
      { reason: 'FieldValueInvalid', field: 'metadata.name', message: SUBDOMAIN_MSG },
    ],
    [
      'missing name',
      (o) => ({ ...o, metadata: { namespace: 'default' } }),
      {
        reason: 'FieldValueRequired',
        field: 'metadata.name',
        message: 'Required value: name or generateName is required',
      },
    ],
    [
      'bad label key',
      (o) => ({ ...o, metadata: { ...o.metadata, labels: { 'a/b/c': 'x' } } }),
      { reason: 'FieldValueInvalid', field: 'metadata.labels' } as StatusCause,
    ],
    [
      'bad label value',
      (o) => ({ ...o, metadata: { ...o.metadata, labels: { app: 'no spaces' } } }),
      { reason: 'FieldValueInvalid', field: 'metadata.labels' } as StatusCause,
    ],
    [
      'missing image',
      (o) => {
        o.spec.template.spec.containers[0].image = undefined;
        return o;
      },
      {
        reason: 'FieldValueRequired',
        field: 'spec.template.spec.containers[0].image',
        message: 'Required value',
      },
    ],
    [
      'selector mismatch',
      (o) => {
        o.spec.template.metadata.labels = { app: 'other' };
        return o;
      },
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message:
          'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      },
    ],
    [
      'missing selector',
      (o) => {
        o.spec.selector = undefined;
        return o;
      },
      { reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' },
    ],
    [
      'duplicate container names',
      (o) => {
        o.spec.template.spec.containers.push({ name: 'web', image: 'x' });
        return o;
      },
      {
        reason: 'FieldValueDuplicate',
        field: 'spec.template.spec.containers[1].name',
        message: 'Duplicate value: "web"',
      },
    ],
    [
      'negative replicas',
      (o) => {
        o.spec.replicas = -1;
        return o;
      },
      {
        reason: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: 'Invalid value: -1: must be greater than or equal to 0',
      },
    ],
    [
      'port out of range',
      (o) => {
        o.spec.template.spec.containers[0].ports[0].containerPort = 70000;
        return o;
      },
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.spec.containers[0].ports[0].containerPort',
        message: 'Invalid value: 70000: must be between 1 and 65535, inclusive',
      },
    ],
    [
      'bad pull policy',
      (o) => {
        o.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
        return o;
      },
      {
        reason: 'FieldValueNotSupported',
        field: 'spec.template.spec.containers[0].imagePullPolicy',
        message: 'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      },
    ],
    [
      'restartPolicy Never in a Deployment',
      (o) => {
        o.spec.template.spec.restartPolicy = 'Never';
        return o;
      },
      {
        reason: 'FieldValueNotSupported',
        field: 'spec.template.spec.restartPolicy',
        message: 'Unsupported value: "Never": supported values: "Always"',
      },
    ],
    [
      'volumeMount naming no volume',
      (o) => {
        o.spec.template.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }];
        return o;
      },
      {
        reason: 'FieldValueNotFound',
        field: 'spec.template.spec.containers[0].volumeMounts[0].name',
        message: 'Not found: "data"',
      },
    ],
    [
      'probe with two handlers',
      (o) => {
        o.spec.template.spec.containers[0].livenessProbe = {
          tcpSocket: { port: 80 },
          exec: { command: ['true'] },
        };
        return o;
      },
      {
        reason: 'FieldValueForbidden',
        field: 'spec.template.spec.containers[0].livenessProbe.tcpSocket',
      } as StatusCause,
    ],
    [
      'request above limit',
      (o) => {
        o.spec.template.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '500m' } };
        return o;
      },
      {
        reason: 'FieldValueInvalid',
        field: 'spec.template.spec.containers[0].resources.requests[cpu]',
        message: 'Invalid value: "2": must be less than or equal to cpu limit of 500m',
      },
    ],
  ])('rejects a Deployment with %s', (_, mutate, expected) => {
    const causes = check(mutate(deployment()));
    expect(causes).toContainEqual(expect.objectContaining(expected));
  });

  it.each<[string, Obj, Partial<StatusCause>]>([
    [
      'a Namespace named like a subdomain',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } },
      { field: 'metadata.name', reason: 'FieldValueInvalid' },
    ],
    [
      'a Service whose name starts with a digit',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: '1web', namespace: 'd' },
        spec: { ports: [{ port: 80 }] },
      },
      { field: 'metadata.name' },
    ],
    [
      'a Service without ports',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'd' }, spec: {} },
      { field: 'spec.ports', reason: 'FieldValueRequired' },
    ],
    [
      'a Service with unnamed ports',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'd' },
        spec: { ports: [{ port: 80 }, { port: 81 }] },
      },
      { field: 'spec.ports[0].name', reason: 'FieldValueRequired' },
    ],
    [
      'a Service of an unknown type',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'd' },
        spec: { type: 'Magic', ports: [{ port: 80 }] },
      },
      { field: 'spec.type', reason: 'FieldValueNotSupported' },
    ],
    [
      'a CronJob with a bad schedule',
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'c', namespace: 'd' },
        spec: {
          schedule: '* * *',
          jobTemplate: {
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } },
          },
        },
      },
      {
        field: 'spec.schedule',
        message: 'Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
      },
    ],
    [
      'a CronJob with minute 61',
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'c', namespace: 'd' },
        spec: {
          schedule: '61 * * * *',
          jobTemplate: {
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } },
          },
        },
      },
      { field: 'spec.schedule' },
    ],
    [
      'a Job with restartPolicy Always',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j', namespace: 'd', uid: 'u' },
        spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
      },
      {
        field: 'spec.template.spec.restartPolicy',
        message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"',
      },
    ],
    [
      'a ConfigMap with a bad key',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'd' },
        data: { 'bad key': 'x' },
      },
      { field: 'data[bad key]', reason: 'FieldValueInvalid' },
    ],
    [
      'a PVC without access modes',
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'c', namespace: 'd' },
        spec: { resources: { requests: { storage: '1Gi' } } },
      },
      { field: 'spec.accessModes', reason: 'FieldValueRequired' },
    ],
    [
      'a PVC without storage',
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'c', namespace: 'd' },
        spec: { accessModes: ['ReadWriteOnce'] },
      },
      { field: 'spec.resources[storage]', reason: 'FieldValueRequired' },
    ],
    [
      'a Pod without containers',
      { ...pod(), spec: { containers: [] } },
      { field: 'spec.containers', reason: 'FieldValueRequired' },
    ],
    [
      'a Pod with a bad restartPolicy',
      { ...pod(), spec: { restartPolicy: 'Sometimes', containers: [{ name: 'c', image: 'i' }] } },
      { field: 'spec.restartPolicy', reason: 'FieldValueNotSupported' },
    ],
    [
      'a Pod with duplicate volumes',
      {
        ...pod(),
        spec: {
          volumes: [
            { name: 'v', emptyDir: {} },
            { name: 'v', emptyDir: {} },
          ],
          containers: [{ name: 'c', image: 'i' }],
        },
      },
      { field: 'spec.volumes[1].name', reason: 'FieldValueDuplicate' },
    ],
    [
      'an HPA with max below min',
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h', namespace: 'd' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 5, maxReplicas: 2 },
      },
      { field: 'spec.maxReplicas' },
    ],
    [
      'a Lease with zero duration',
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'l', namespace: 'd' },
        spec: { leaseDurationSeconds: 0 },
      },
      { field: 'spec.leaseDurationSeconds' },
    ],
    [
      'an Ingress path without pathType',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'i', namespace: 'd' },
        spec: {
          rules: [
            { http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } },
          ],
        },
      },
      { field: 'spec.rules[0].http.paths[0].pathType', reason: 'FieldValueRequired' },
    ],
    [
      'a namespaced object without namespace',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { field: 'metadata.namespace', reason: 'FieldValueRequired' },
    ],
    [
      'an owner reference without uid',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'c',
          namespace: 'd',
          ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p' }],
        },
      },
      { field: 'metadata.ownerReferences.uid' },
    ],
    [
      'annotations over 256 KiB',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'd', annotations: { big: 'x'.repeat(300 * 1024) } },
      },
      { field: 'metadata.annotations', reason: 'FieldValueTooLong' },
    ],
    [
      'a bad generateName',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'Bad_', namespace: 'd' } },
      { field: 'metadata.generateName' },
    ],
  ])('rejects %s', (_, o, expected) => {
    expect(check(o)).toContainEqual(expect.objectContaining(expected));
  });

  it.each([
    [
      'dnsPolicy None without dnsConfig',
      { dnsPolicy: 'None' },
      'spec.dnsConfig',
      'must provide `dnsConfig` when `dnsPolicy` is None',
    ],
    [
      'dnsPolicy None without a nameserver',
      { dnsPolicy: 'None', dnsConfig: { searches: ['a.b'] } },
      'spec.dnsConfig.nameservers',
      'must provide at least one DNS nameserver when `dnsPolicy` is None',
    ],
    [
      'four nameservers',
      { dnsConfig: { nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4'] } },
      'spec.dnsConfig.nameservers',
      'must not have more than 3 nameservers',
    ],
    [
      'a nameserver that is not an IP',
      { dnsConfig: { nameservers: ['dns.example'] } },
      'spec.dnsConfig.nameservers[0]',
      'Invalid value: "dns.example": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
    [
      '33 search domains',
      { dnsConfig: { searches: Array.from({ length: 33 }, (_, i) => `s${i}.example`) } },
      'spec.dnsConfig.searches',
      'must not have more than 32 search paths',
    ],
    [
      'a search domain that is not a DNS name',
      { dnsConfig: { searches: ['Bad_Domain'] } },
      'spec.dnsConfig.searches[0]',
      'a lowercase RFC 1123 subdomain',
    ],
    [
      'an option without a name',
      { dnsConfig: { options: [{ value: '2' }] } },
      'spec.dnsConfig.options[0]',
      'Required value: must not be empty',
    ],
  ])('rejects a pod with %s', (_, spec, field, message) => {
    const o = pod();
    Object.assign(o.spec, spec);
    expect(check(o)).toContainEqual(
      expect.objectContaining({ field, message: expect.stringContaining(message) }),
    );
  });

  it('accepts dnsPolicy None with nameservers, searches with a final dot, and options', () => {
    const o = pod();
    o.spec.dnsPolicy = 'None';
    o.spec.dnsConfig = {
      nameservers: ['10.244.0.1', '2001:db8::1'],
      searches: ['corp.example.', 'svc.cluster.local'],
      options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
    };
    expect(check(o)).toEqual([]);
  });

  it('accepts a generateName prefix ending in a dash', () => {
    expect(
      check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-', namespace: 'd' } }),
    ).toEqual([]);
  });

  it("lets a StatefulSet's containers mount its volumeClaimTemplates, and nothing else unknown", () => {
    const sts = (mount: string): Obj => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'd' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: {
            containers: [
              { name: 'db', image: 'busybox', volumeMounts: [{ name: mount, mountPath: '/data' }] },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    });
    expect(check(sts('data'))).toEqual([]);
    expect(check(sts('logs'))).toContainEqual(
      expect.objectContaining({
        field: 'spec.template.spec.containers[0].volumeMounts[0].name',
        message: 'Not found: "logs"',
      }),
    );
  });
});

describe('validateUpdate', () => {
  const update = (old: Obj, mutate: (o: Obj) => void) => {
    const before = applyDefaults(old as KubeObject);
    const after = structuredClone(before) as Obj;
    mutate(after);
    return validateUpdate(after as KubeObject, before);
  };

  it('allows a Deployment template change and rejects a selector change', () => {
    expect(
      update(deployment(), (o) => {
        o.spec.template.spec.containers[0].image = 'nginx:1.26';
      }),
    ).toEqual([]);
    const causes = update(deployment(), (o) => {
      o.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
      o.spec.template.metadata.labels.tier = 'x';
    });
    expect(causes).toContainEqual(
      expect.objectContaining({ field: 'spec.selector', reason: 'FieldValueInvalid' }),
    );
    expect(causes[0].message).toMatch(/field is immutable$/);
  });

  it('lets a Pod change its image but not its command', () => {
    expect(
      update(pod(), (o) => {
        o.spec.containers[0].image = 'busybox:2';
      }),
    ).toEqual([]);
    expect(
      update(pod(), (o) => {
        o.spec.containers[0].command = ['sh'];
      }),
    ).toContainEqual(expect.objectContaining({ field: 'spec', reason: 'FieldValueForbidden' }));
  });

  it('keeps metadata.name and Service clusterIP', () => {
    expect(
      update(pod(), (o) => {
        o.metadata.name = 'q';
      }),
    ).toContainEqual(expect.objectContaining({ field: 'metadata.name' }));
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'd' },
      spec: { clusterIP: '10.96.0.10', ports: [{ port: 80 }] },
    };
    expect(
      update(svc, (o) => {
        o.spec.clusterIP = '10.96.0.11';
      }),
    ).toContainEqual({
      reason: 'FieldValueInvalid',
      field: 'spec.clusterIPs[0]',
      message: 'Invalid value: []string{"10.96.0.11"}: may not change once set',
    });
  });

  it('freezes an immutable ConfigMap and a PVC spec but for its requests', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'd' },
      data: { a: '1' },
      immutable: true,
    };
    expect(
      update(cm, (o) => {
        o.data.a = '2';
      }),
    ).toContainEqual(expect.objectContaining({ field: 'data', reason: 'FieldValueForbidden' }));
    const pvc = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'c', namespace: 'd' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    expect(
      update(pvc, (o) => {
        o.spec.resources.requests.storage = '2Gi';
        o.spec.volumeName = 'pv-1';
      }),
    ).toEqual([]);
    expect(
      update(pvc, (o) => {
        o.spec.accessModes = ['ReadWriteMany'];
      }),
    ).toContainEqual(expect.objectContaining({ field: 'spec', reason: 'FieldValueForbidden' }));
  });
});
