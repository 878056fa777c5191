import { describe, expect, it } from 'vitest';
import { kinds } from '../kinds/index.js';
import { humanDuration } from '../time.js';
import type { KubeObject } from '../types.js';
import { toTable } from './index.js';

const now = new Date('2024-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const def = (name: string) => {
  const found = kinds.find(name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
};

function obj(
  apiVersion: string,
  kind: string,
  rest: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
) {
  return {
    apiVersion,
    kind,
    metadata: { name: 'x', creationTimestamp: ago(300), ...metadata },
    ...rest,
  } as KubeObject;
}

/** The cells of one object, keyed by column name. */
function row(resource: string, object: KubeObject): Record<string, unknown> {
  const table = toTable(def(resource), [object], { now });
  return Object.fromEntries(table.columnDefinitions.map((c, i) => [c.name, table.rows[0].cells[i]]));
}

const running = { running: { startedAt: ago(200) } };

function pod(status: Record<string, unknown>, spec: Record<string, unknown> = {}, metadata = {}) {
  return obj(
    'v1',
    'Pod',
    {
      spec: { containers: [{ name: 'app', image: 'app:1' }], ...spec },
      status: { phase: 'Pending', ...status },
    },
    metadata,
  );
}

describe('pod STATUS, READY and RESTARTS', () => {
  const twoContainers = { containers: [{ name: 'a' }, { name: 'b' }] };
  const cases: [string, KubeObject, { ready: string; status: string; restarts?: string }][] = [
    ['pending, not scheduled', pod({}), { ready: '0/1', status: 'Pending' }],
    [
      'creating containers',
      pod({
        containerStatuses: [
          { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      }),
      { ready: '0/1', status: 'ContainerCreating' },
    ],
    [
      'one of two containers ready',
      pod(
        {
          phase: 'Running',
          containerStatuses: [
            { name: 'a', ready: true, restartCount: 0, state: running },
            { name: 'b', ready: false, restartCount: 0, state: running },
          ],
        },
        twoContainers,
      ),
      { ready: '1/2', status: 'Running', restarts: '0' },
    ],
    [
      'crash looping',
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(12) } },
          },
        ],
      }),
      { ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (12s ago)' },
    ],
    [
      'completed',
      pod({
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      }),
      { ready: '0/1', status: 'Completed' },
    ],
    [
      'exited without a reason',
      pod({
        phase: 'Failed',
        containerStatuses: [
          { name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } },
        ],
      }),
      { ready: '0/1', status: 'ExitCode:2' },
    ],
    [
      'being deleted',
      pod(
        {
          phase: 'Running',
          containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
        },
        {},
        { deletionTimestamp: ago(1) },
      ),
      { ready: '1/1', status: 'Terminating' },
    ],
    [
      'init container running',
      pod(
        {
          initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: running }],
          containerStatuses: [
            { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
          ],
        },
        { initContainers: [{ name: 'init' }] },
      ),
      { ready: '0/1', status: 'Init:0/1' },
    ],
    [
      'init container crash looping',
      pod(
        {
          initContainerStatuses: [
            {
              name: 'init',
              ready: false,
              restartCount: 2,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
        },
        { initContainers: [{ name: 'init' }] },
      ),
      { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '2' },
    ],
    [
      'init done, containers starting',
      pod(
        {
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            {
              name: 'init',
              ready: true,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
          containerStatuses: [
            { name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
          ],
        },
        { initContainers: [{ name: 'init' }] },
      ),
      { ready: '0/1', status: 'PodInitializing' },
    ],
    ['on a lost node', pod({ phase: 'Running', reason: 'NodeLost' }), { ready: '0/1', status: 'NodeLost' }],
    [
      'on a lost node, being deleted',
      pod({ phase: 'Running', reason: 'NodeLost' }, {}, { deletionTimestamp: ago(1) }),
      { ready: '0/1', status: 'Unknown' },
    ],
    [
      'with a running sidecar init container',
      pod(
        {
          phase: 'Running',
          initContainerStatuses: [
            { name: 'proxy', ready: true, started: true, restartCount: 0, state: running },
          ],
          containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
        },
        { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
      ),
      { ready: '2/2', status: 'Running' },
    ],
  ];

  for (const [name, object, expected] of cases) {
    it(name, () => {
      const cells = row('pods', object);
      expect(cells.Ready).toBe(expected.ready);
      expect(cells.Status).toBe(expected.status);
      if (expected.restarts) expect(cells.Restarts).toBe(expected.restarts);
      expect(cells.Age).toBe('5m');
    });
  }

  it('marks finished pods with the Completed row condition', () => {
    const table = toTable(def('pods'), [pod({ phase: 'Succeeded' }), pod({ phase: 'Running' })], { now });
    expect(table.rows[0].conditions?.[0]).toMatchObject({
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
    });
    expect(table.rows[1].conditions).toBeUndefined();
  });

  it('fills the wide columns', () => {
    const cells = row(
      'pods',
      pod(
        {
          phase: 'Running',
          podIPs: [{ ip: '10.244.0.5' }],
          conditions: [{ type: 'example.com/gate', status: 'True' }],
        },
        {
          nodeName: 'node-1',
          readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'other' }],
        },
      ),
    );
    expect(cells).toMatchObject({
      IP: '10.244.0.5',
      Node: 'node-1',
      'Nominated Node': '<none>',
      'Readiness Gates': '1/2',
    });
  });
});

describe('columns of other kinds', () => {
  it('lists wide columns with priority 1 after the default ones', () => {
    const table = toTable(def('pods'), [], { now });
    expect(table.columnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    expect(table.columnDefinitions[0]).toMatchObject({ type: 'string', format: 'name' });
  });

  it('prints a deployment', () => {
    const deployment = obj('apps/v1', 'Deployment', {
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
        },
        template: {
          spec: {
            containers: [
              { name: 'web', image: 'nginx:1.27' },
              { name: 'log', image: 'busybox' },
            ],
          },
        },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    const table = toTable(def('deploy'), [deployment], { now });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(table.columnDefinitions.filter((c) => c.priority === 1).map((c) => c.name)).toEqual([
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(table.rows[0].cells).toEqual([
      'x',
      '2/3',
      3,
      2,
      '5m',
      'web,log',
      'nginx:1.27,busybox',
      'app=web,tier in (a,b)',
    ]);
  });

  it('formats service ports, cluster IP and external IP', () => {
    const svc = obj('v1', 'Service', {
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        selector: { app: 'web' },
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
    });
    expect(row('svc', svc)).toEqual({
      Name: 'x',
      Type: 'NodePort',
      'Cluster-IP': '10.96.0.10',
      'External-IP': '<none>',
      'Port(s)': '80:30080/TCP,53/UDP',
      Age: '5m',
      Selector: 'app=web',
    });
    const lb = obj('v1', 'Service', {
      spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.11'], ports: [] },
    });
    expect(row('svc', lb)['External-IP']).toBe('<pending>');
    expect(row('svc', lb)['Port(s)']).toBe('<none>');
  });

  it('prints node status with SchedulingDisabled and roles', () => {
    const node = obj(
      'v1',
      'Node',
      {
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          addresses: [{ type: 'InternalIP', address: '10.244.0.2' }],
          nodeInfo: {
            kubeletVersion: 'v1.32.0',
            osImage: 'minik8s',
            kernelVersion: '6.1',
            containerRuntimeVersion: 'docker://20.10',
          },
        },
      },
      { labels: { 'node-role.kubernetes.io/control-plane': '' } },
    );
    expect(row('nodes', node)).toMatchObject({
      Status: 'Ready,SchedulingDisabled',
      Roles: 'control-plane',
      Version: 'v1.32.0',
      'Internal-IP': '10.244.0.2',
      'External-IP': '<none>',
    });
  });

  it('prints namespaces, configmaps, secrets and service accounts', () => {
    expect(row('ns', obj('v1', 'Namespace', { status: { phase: 'Active' } }))).toEqual({
      Name: 'x',
      Status: 'Active',
      Age: '5m',
    });
    expect(row('cm', obj('v1', 'ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: '' } })).Data).toBe(
      3,
    );
    expect(
      row(
        'secrets',
        obj('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }),
      ),
    ).toEqual({
      Name: 'x',
      Type: 'kubernetes.io/tls',
      Data: 2,
      Age: '5m',
    });
    expect(row('sa', obj('v1', 'ServiceAccount', {})).Secrets).toBe(0);
  });

  it('prints events with the object they are about', () => {
    const event = obj('v1', 'Event', {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container \n',
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(600),
      lastTimestamp: ago(30),
      count: 7,
    });
    expect(row('events', event)).toEqual({
      'Last Seen': '30s',
      Type: 'Warning',
      Reason: 'BackOff',
      Object: 'pod/web-1',
      Subobject: 'spec.containers{app}',
      Source: 'kubelet, node-1',
      Message: 'Back-off restarting failed container',
      'First Seen': '10m',
      Count: 7,
      Name: 'x',
    });
  });

  it('prints jobs and cron jobs', () => {
    const job = obj('batch/v1', 'Job', {
      spec: { completions: 1, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      status: {
        succeeded: 1,
        startTime: ago(100),
        completionTime: ago(40),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    });
    expect(row('jobs', job)).toMatchObject({
      Status: 'Complete',
      Completions: '1/1',
      Duration: '60s',
      Containers: 'pi',
    });
    const runningJob = obj('batch/v1', 'Job', { spec: { parallelism: 2 }, status: { startTime: ago(20) } });
    expect(row('jobs', runningJob)).toMatchObject({
      Status: 'Running',
      Completions: '0/1 of 2',
      Duration: '20s',
    });

    const cron = obj('batch/v1', 'CronJob', {
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
      status: { active: [{ name: 'a' }], lastScheduleTime: ago(90) },
    });
    expect(row('cj', cron)).toMatchObject({
      Schedule: '*/5 * * * *',
      Timezone: '<none>',
      Suspend: '<unset>',
      Active: 1,
      'Last Schedule': '90s',
    });
  });

  it('prints apps kinds', () => {
    const template = { spec: { containers: [{ name: 'c', image: 'i' }], nodeSelector: { disk: 'ssd' } } };
    expect(
      row(
        'sts',
        obj('apps/v1', 'StatefulSet', { spec: { replicas: 2, template }, status: { readyReplicas: 1 } }),
      ).Ready,
    ).toBe('1/2');
    expect(
      row(
        'ds',
        obj('apps/v1', 'DaemonSet', {
          spec: { template, selector: { matchLabels: { a: 'b' } } },
          status: { desiredNumberScheduled: 2 },
        }),
      ),
    ).toMatchObject({ Desired: 2, 'Node Selector': 'disk=ssd', Selector: 'a=b' });
    expect(
      row('rs', obj('apps/v1', 'ReplicaSet', { spec: { replicas: 2, template }, status: { replicas: 2 } })),
    ).toMatchObject({
      Desired: 2,
      Current: 2,
      Ready: 0,
      Selector: '<none>',
    });
    const revision = obj(
      'apps/v1',
      'ControllerRevision',
      { revision: 3 },
      {
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true },
        ],
      },
    );
    expect(row('controllerrevisions', revision)).toMatchObject({
      Controller: 'statefulset.apps/web',
      Revision: 3,
    });
  });

  it('prints storage kinds with the default class marker', () => {
    const sc = obj(
      'storage.k8s.io/v1',
      'StorageClass',
      { provisioner: 'minik8s.io/hostpath' },
      {
        name: 'standard',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
    );
    expect(toTable(def('sc'), [sc], { now }).rows[0].cells).toEqual([
      'standard (default)',
      'minik8s.io/hostpath',
      'Delete',
      'Immediate',
      false,
      '5m',
    ]);
    const pvc = obj('v1', 'PersistentVolumeClaim', {
      spec: { volumeName: 'pv-1', storageClassName: 'standard' },
      status: {
        phase: 'Bound',
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
      },
    });
    expect(row('pvc', pvc)).toMatchObject({
      Status: 'Bound',
      Volume: 'pv-1',
      Capacity: '1Gi',
      'Access Modes': 'RWO,RWX',
      StorageClass: 'standard',
      VolumeAttributesClass: '<unset>',
    });
  });

  it('prints endpoints, endpoint slices, ingresses, leases and autoscalers', () => {
    const ep = obj('v1', 'Endpoints', {
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }],
          ports: [{ port: 80 }],
        },
      ],
    });
    expect(row('ep', ep).Endpoints).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
    const slice = obj('discovery.k8s.io/v1', 'EndpointSlice', {
      addressType: 'IPv4',
      ports: [{ port: 80 }],
      endpoints: [{ addresses: ['10.0.0.1'] }],
    });
    expect(row('endpointslices', slice)).toMatchObject({
      AddressType: 'IPv4',
      Ports: '80',
      Endpoints: '10.0.0.1',
    });
    const ing = obj('networking.k8s.io/v1', 'Ingress', {
      spec: { ingressClassName: 'minik8s', rules: [{ host: 'a.local' }, { host: 'b.local' }], tls: [{}] },
      status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
    });
    expect(row('ing', ing)).toMatchObject({
      Class: 'minik8s',
      Hosts: 'a.local,b.local',
      Address: '127.0.0.1',
      Ports: '80, 443',
    });
    expect(
      row('leases', obj('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'node-1' } })).Holder,
    ).toBe('node-1');
    const hpa = obj('autoscaling/v2', 'HorizontalPodAutoscaler', {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
        ],
      },
      status: {
        currentReplicas: 2,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } },
        ],
      },
    });
    expect(row('hpa', hpa)).toMatchObject({
      Reference: 'Deployment/web',
      Targets: 'cpu: 42%/80%',
      MinPods: '1',
      MaxPods: 5,
      Replicas: 2,
    });
  });

  it('prints NAME and AGE for kinds without a printer', () => {
    const table = toTable({ group: 'example.com', kind: 'Widget' }, [obj('example.com/v1', 'Widget', {})], {
      now,
    });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(table.rows[0].cells).toEqual(['x', '5m']);
  });
});

describe('table envelope', () => {
  const cm = obj('v1', 'ConfigMap', {}, { namespace: 'default', resourceVersion: '7' });

  it('carries PartialObjectMetadata by default, the whole object or nothing on request', () => {
    const table = toTable(def('cm'), [cm], { now, listMeta: { resourceVersion: '9', continue: 'abc' } });
    expect(table).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '9', continue: 'abc' },
    });
    expect(table.rows[0].object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: cm.metadata,
    });
    expect(toTable(def('cm'), [cm], { now, includeObject: 'Object' }).rows[0].object).toBe(cm);
    expect(toTable(def('cm'), [cm], { now, includeObject: 'None' }).rows[0].object).toBeUndefined();
  });
});

describe('humanDuration', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  const cases: [number, string][] = [
    [-3 * s, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [150 * s, '2m30s'],
    [5 * m, '5m'],
    [10 * m, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [5 * h + 30 * m, '5h30m'],
    [8 * h, '8h'],
    [47 * h, '47h'],
    [3 * d + 4 * h, '3d4h'],
    [7 * d, '7d'],
    [120 * d, '120d'],
    [729 * d, '729d'],
    [(730 + 45) * d, '2y45d'],
    [9 * 365 * d, '9y'],
  ];
  for (const [ms, expected] of cases) {
    it(`${ms}ms is ${expected}`, () => expect(humanDuration(ms)).toBe(expected));
  }
});
