import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import { applyDefaults } from './defaults.js';

const obj = (apiVersion: string, kind: string, rest: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion, kind, metadata: { name: 'x', namespace: 'default', uid: 'u-1' }, ...rest }) as KubeObject;

const podSpec = () => ({
  containers: [
    {
      name: 'web',
      image: 'nginx',
      ports: [{ containerPort: 80 }],
      resources: { limits: { cpu: '1', memory: '64Mi' }, requests: { cpu: '100m' } },
      livenessProbe: { httpGet: { port: 80 } },
      env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    },
    { name: 'side', image: 'busybox:1.36' },
    { name: 'pinned', image: 'reg.local:5000/app@sha256:abc' },
  ],
  volumes: [{ name: 'v' }, { name: 'cm', configMap: { name: 'c' } }],
});

describe('applyDefaults', () => {
  it('fills a Pod as Kubernetes does', () => {
    const pod = applyDefaults(obj('v1', 'Pod', { spec: podSpec() })) as any;
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccountName: 'default',
      serviceAccount: 'default',
      enableServiceLinks: true,
      priority: 0,
    });
    const [web, side, pinned] = pod.spec.containers;
    expect(web.imagePullPolicy).toBe('Always');
    expect(side.imagePullPolicy).toBe('IfNotPresent');
    expect(pinned.imagePullPolicy).toBe('IfNotPresent');
    expect(web.terminationMessagePath).toBe('/dev/termination-log');
    expect(web.terminationMessagePolicy).toBe('File');
    expect(web.ports[0].protocol).toBe('TCP');
    expect(web.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(web.resources.requests).toEqual({ cpu: '100m', memory: '64Mi' });
    expect(web.env[0].valueFrom.fieldRef.apiVersion).toBe('v1');
    expect(pod.spec.volumes).toEqual([
      { name: 'v', emptyDir: {} },
      { name: 'cm', configMap: { name: 'c', defaultMode: 420 } },
    ]);
  });

  it('defaults pod templates in workloads, but not pod-only fields', () => {
    const d = applyDefaults(obj('apps/v1', 'Deployment', { spec: { template: { spec: podSpec() } } })) as any;
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(d.spec.template.spec.serviceAccountName).toBeUndefined();
    expect(d.spec.template.spec.enableServiceLinks).toBeUndefined();
  });

  it('keeps values a user set, and a Recreate strategy without rollingUpdate', () => {
    const d = applyDefaults(
      obj('apps/v1', 'Deployment', { spec: { replicas: 0, strategy: { type: 'Recreate' } } }),
    ) as any;
    expect(d.spec.replicas).toBe(0);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('fills a Service: type, affinity, protocol, targetPort, families', () => {
    const s = applyDefaults(
      obj('v1', 'Service', {
        spec: {
          selector: { app: 'web' },
          ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 5353 }],
        },
      }),
    ) as any;
    expect(s.spec).toMatchObject({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      internalTrafficPolicy: 'Cluster',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 53, protocol: 'UDP', targetPort: 5353 },
      ],
    });
    const np = applyDefaults(
      obj('v1', 'Service', { spec: { type: 'NodePort', ports: [{ port: 80 }] } }),
    ) as any;
    expect(np.spec.externalTrafficPolicy).toBe('Cluster');
  });

  it.each([
    ['apps/v1', 'ReplicaSet', { replicas: 1 }],
    [
      'apps/v1',
      'StatefulSet',
      {
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
      },
    ],
    [
      'apps/v1',
      'DaemonSet',
      {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
    ],
    [
      'batch/v1',
      'Job',
      { parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false },
    ],
    [
      'batch/v1',
      'CronJob',
      {
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
      },
    ],
    ['v1', 'PersistentVolumeClaim', { volumeMode: 'Filesystem' }],
    ['v1', 'PersistentVolume', { persistentVolumeReclaimPolicy: 'Retain' }],
    ['v1', 'Namespace', { finalizers: ['kubernetes'] }],
    [
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      {
        minReplicas: 1,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
        ],
      },
    ],
  ])('defaults %s %s spec', (apiVersion, kind, expected) => {
    expect(applyDefaults(obj(apiVersion, kind, { spec: {} })).spec).toMatchObject(expected);
  });

  it('generates a Job selector and pod labels from its uid', () => {
    const job = applyDefaults(obj('batch/v1', 'Job', { spec: { template: { spec: podSpec() } } })) as any;
    expect(job.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect(job.spec.template.metadata.labels).toMatchObject({
      'batch.kubernetes.io/job-name': 'x',
      'job-name': 'x',
      'controller-uid': 'u-1',
    });
  });

  it('defaults kinds without spec: Secret type, StorageClass policies, Namespace phase and label', () => {
    expect(applyDefaults(obj('v1', 'Secret')).type).toBe('Opaque');
    expect(applyDefaults(obj('storage.k8s.io/v1', 'StorageClass', { provisioner: 'p' }))).toMatchObject({
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    const ns = applyDefaults(obj('v1', 'Namespace')) as any;
    expect(ns.status.phase).toBe('Active');
    expect(ns.metadata.labels['kubernetes.io/metadata.name']).toBe('x');
  });

  it('fills HPA v2 behavior when given', () => {
    const hpa = applyDefaults(
      obj('autoscaling/v2', 'HorizontalPodAutoscaler', {
        spec: { behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
      }),
    ) as any;
    expect(hpa.spec.behavior.scaleDown).toMatchObject({
      stabilizationWindowSeconds: 60,
      selectPolicy: 'Max',
    });
    expect(hpa.spec.behavior.scaleUp.policies).toHaveLength(2);
  });
});
