import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decodeObject } from './decode.js';

const manifest = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: web}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: shop}
data:
  index.html: "<h1>hello</h1>"
  LOG_LEVEL: debug
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
  annotations: {kubernetes.io/change-cause: first}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
      - name: init
        image: busybox:1.36
        command: [sh, -c, "echo ready > /work/ready"]
        volumeMounts: [{name: work, mountPath: /work}]
      containers:
      - name: web
        image: nginx:1.25
        imagePullPolicy: IfNotPresent
        args: ["-g", "daemon off;"]
        workingDir: /usr/share/nginx
        ports:
        - {name: http, containerPort: 80, protocol: TCP}
        env:
        - {name: MODE, value: production}
        - name: LOG_LEVEL
          valueFrom: {configMapKeyRef: {name: web-config, key: LOG_LEVEL, optional: true}}
        - name: POD_IP
          valueFrom: {fieldRef: {fieldPath: status.podIP}}
        - name: MEM
          valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
        - name: TOKEN
          valueFrom: {secretKeyRef: {name: web-secret, key: token}}
        envFrom:
        - configMapRef: {name: web-config}
          prefix: CFG_
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {cpu: 1, memory: 128Mi}
        volumeMounts:
        - {name: html, mountPath: /usr/share/nginx/html, readOnly: true}
        - {name: work, mountPath: /work, subPath: data}
        livenessProbe:
          httpGet: {path: /healthz, port: http, httpHeaders: [{name: X-Probe, value: "1"}]}
          initialDelaySeconds: 5
        readinessProbe:
          tcpSocket: {port: 80}
        startupProbe:
          exec: {command: [cat, /work/ready]}
          failureThreshold: 30
        lifecycle:
          preStop: {exec: {command: [sleep, "5"]}}
          postStart: {httpGet: {port: 80, path: /}}
        securityContext:
          runAsUser: 101
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
          readOnlyRootFilesystem: false
        stdin: false
        tty: false
      volumes:
      - name: html
        configMap:
          name: web-config
          items: [{key: index.html, path: index.html}]
          defaultMode: 0644
      - name: work
        emptyDir: {medium: Memory, sizeLimit: 16Mi}
      - name: info
        downwardAPI:
          items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
      - name: all
        projected:
          sources:
          - secret: {name: web-secret}
          - serviceAccountToken: {path: token, expirationSeconds: 3600}
      - name: data
        persistentVolumeClaim: {claimName: web-data}
      - name: host
        hostPath: {path: /var/log, type: Directory}
      nodeSelector: {kubernetes.io/os: linux}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}
      tolerations:
      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
      dnsConfig: {options: [{name: ndots, value: "2"}]}
      terminationGracePeriodSeconds: 10
      serviceAccountName: web
      priorityClassName: high
      readinessGates: [{conditionType: example.com/ready}]
      securityContext: {fsGroup: 2000, runAsNonRoot: true}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http, nodePort: 30080}
  - {name: metrics, port: 9090, targetPort: 9090, protocol: TCP}
`;

describe('decodeObject', () => {
  it('decodes a real Namespace, ConfigMap, Deployment and Service without unknown fields or errors', () => {
    const docs = manifest.split(/^---$/m).map((d) => parse(d));
    expect(docs).toHaveLength(4);
    for (const doc of docs) {
      const result = decodeObject(doc, { strict: true });
      expect(result.errors, doc.kind).toEqual([]);
      expect(result.unknownFields, doc.kind).toEqual([]);
    }
  });

  it('reports unknown fields with Kubernetes paths, nested in lists too, and prunes them', () => {
    const result = decodeObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', colour: 'blue' },
      spec: {
        foo: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'x' },
              {
                name: 'b',
                image: 'y',
                imagePullPolicyx: 'Always',
                ports: [{ containerPort: 80, bogus: true }],
              },
            ],
          },
        },
      },
    });
    expect(result.unknownFields).toEqual([
      'metadata.colour',
      'spec.foo',
      'spec.template.spec.containers[1].imagePullPolicyx',
      'spec.template.spec.containers[1].ports[0].bogus',
    ]);
    expect(result.errors).toEqual([]);
    const spec = result.object.spec as any;
    expect(spec.foo).toBeUndefined();
    expect(spec.template.spec.containers[1]).toEqual({
      name: 'b',
      image: 'y',
      ports: [{ containerPort: 80 }],
    });
    expect(result.object.metadata).toEqual({ name: 'web' });
  });

  it('keeps fields under preserve-unknown-fields schemas', () => {
    const result = decodeObject({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'r1' },
      revision: 1,
      data: { spec: { anything: [1, 2] } },
    });
    expect(result.unknownFields).toEqual([]);
    expect(result.object.data).toEqual({ spec: { anything: [1, 2] } });
  });

  it.each([
    [
      { spec: { replicas: '3' } },
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      { spec: { replicas: 1.5 } },
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      { metadata: { name: 'x', labels: { a: 1 } } },
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      { spec: { template: { spec: { containers: { name: 'x' } } } } },
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    ],
    [
      { spec: { paused: 'yes' } },
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
    ],
    [
      {
        spec: { template: { spec: { containers: [{ name: 'x', resources: { limits: { cpu: 'lots' } } }] } } },
      },
      'Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    ],
  ])('reports a type mismatch as a decode error: %j', (patch, message) => {
    const result = decodeObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      ...patch,
    });
    expect(result.errors).toEqual([message]);
  });

  it('accepts quantities as strings or numbers (numbers become strings) and int-or-string both ways', () => {
    const result = decodeObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i',
            resources: { limits: { cpu: 2, memory: '1Gi' }, requests: { cpu: 0.5 } },
            livenessProbe: { httpGet: { port: 8080 } },
            readinessProbe: { httpGet: { port: 'http' } },
          },
        ],
      },
    });
    expect(result.errors).toEqual([]);
    const c = (result.object.spec as any).containers[0];
    expect(c.resources).toEqual({ limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '0.5' } });
    expect(c.livenessProbe.httpGet.port).toBe(8080);
  });

  it('rejects an int-or-string given as a float, and bad base64 in Secret data', () => {
    const svc = decodeObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetPort: 1.5 }] },
    });
    expect(svc.errors).toHaveLength(1);
    const secret = decodeObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'not base64!' },
    });
    expect(secret.errors[0]).toMatch(/illegal base64 data at input byte 3/);
    const good = decodeObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'aGVsbG8=' },
    });
    expect(good.errors).toEqual([]);
  });

  it('drops null fields and decodes each served version of a kind', () => {
    const v1 = decodeObject({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', labels: null },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 50,
      },
    });
    expect(v1.unknownFields).toEqual([]);
    expect(v1.object.metadata).toEqual({ name: 'h' });
    const v2 = decodeObject({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { targetCPUUtilizationPercentage: 50 },
    });
    expect(v2.unknownFields).toEqual(['spec.targetCPUUtilizationPercentage']);
  });

  it('names a kind it does not know', () => {
    expect(decodeObject({ apiVersion: 'v1', kind: 'Widget', metadata: {} }).errors).toEqual([
      'no kind "Widget" is registered for version "v1"',
    ]);
  });
});
