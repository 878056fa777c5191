import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually, waitFor } from './helpers/wait.js';

const MANIFEST = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
apiVersion: v1
kind: Namespace
metadata: {name: limited}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: quota, namespace: limited}
spec: {hard: {pods: "5", requests.memory: 1Gi}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: limits, namespace: limited}
spec:
  limits:
  - {type: Container, default: {memory: 128Mi}, defaultRequest: {memory: 64Mi}, max: {cpu: "1"}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {greeting: hello}
---
apiVersion: v1
kind: Secret
metadata: {name: web-secret}
stringData: {password: hunter2}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: front}
  annotations: {note: the web tier}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: minik8s/busybox
        command: [sh, -c, "sleep 3600"]
        ports: [{name: http, containerPort: 8080}, {containerPort: 9090, protocol: UDP}]
        env:
        - {name: PLAIN, value: "a value"}
        - name: POD_NAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        - name: GREETING
          valueFrom: {configMapKeyRef: {name: web-config, key: greeting}}
        - name: PASSWORD
          valueFrom: {secretKeyRef: {name: web-secret, key: password}}
        resources: {requests: {cpu: 100m, memory: 32Mi}, limits: {cpu: 200m, memory: 64Mi}}
        readinessProbe: {exec: {command: ["true"]}, periodSeconds: 2}
        volumeMounts: [{name: scratch, mountPath: /scratch}, {name: config, mountPath: /etc/web, readOnly: true}]
      volumes:
      - {name: scratch, emptyDir: {}}
      - name: config
        configMap: {name: web-config}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: minik8s/busybox, command: [sleep, "3600"]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: once, image: minik8s/busybox, command: ["true"]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: nightly, image: minik8s/busybox, command: ["true"]}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
  - host: web.example
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot}
secrets: [{name: gone}]
imagePullSecrets: [{name: web-secret}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: robot-view}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: robot, namespace: default}, {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: quiet}
spec:
  podSelector: {matchLabels: {role: nobody}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {role: client}}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 80}, {port: 1000, endPort: 2000}]
---
apiVersion: v1
kind: Pod
metadata: {name: solo, labels: {run: solo}, annotations: {purpose: describe test}}
spec:
  nodeSelector: {kubernetes.io/os: linux}
  tolerations: [{key: dedicated, operator: Equal, value: test, effect: NoSchedule}]
  containers:
  - name: solo
    image: minik8s/busybox
    args: [sleep, "3600"]
`;

/**
 * What legitimately differs between two runs a moment apart: the Age column of the Events
 * table and of the node's pod table. The age becomes AGE and those tables' padding, which
 * follows the ages' widths, one double space; every other line is compared as printed.
 */
function normalize(text: string): string[] {
  let table: 'events' | 'pods' | undefined;
  return text.split('\n').map((line) => {
    if (/^Events:\s*$/.test(line)) table = 'events';
    else if (/^ {2}Namespace {2,}Name {2,}CPU Requests/.test(line)) table = 'pods';
    else if (!line.startsWith('  ')) table = undefined;
    if (!table) return line;
    const cells = line.trimEnd().split(/ {2,}/);
    const age = table === 'events' ? 3 : cells.length - 1;
    if (!/^-+$/.test(cells[age] ?? '') && !/^(Age|AGE)$/.test(cells[age] ?? '') && cells.length > age)
      cells[age] = 'AGE';
    return cells.join('  ');
  });
}

describe('minik8s describe against kubectl describe', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ nodes: 1 });
    await c.kubectl(['apply', '-f', '-'], { input: MANIFEST });
    await waitFor(
      'the deployment, the pod and the endpoints to be ready',
      async () => {
        const deploy = JSON.parse((await c.kubectl(['get', 'deploy', 'web', '-o', 'json'])).stdout);
        const solo = JSON.parse((await c.kubectl(['get', 'pod', 'solo', '-o', 'json'])).stdout);
        const ready = solo.status?.conditions?.some(
          (x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True',
        );
        const ep = (await c.kubectl(['describe', 'svc', 'web'])).stdout;
        const job = JSON.parse((await c.kubectl(['get', 'job', 'once', '-o', 'json'])).stdout);
        const ds = JSON.parse((await c.kubectl(['get', 'ds', 'agent', '-o', 'json'])).stdout);
        return (
          deploy.status?.availableReplicas === 2 &&
          ready &&
          /Endpoints:\s+\S+:8080,\S+:8080/.test(ep) &&
          job.status?.succeeded === 1 &&
          ds.status?.numberAvailable === 1
        );
      },
      90_000,
    );
  }, 180_000);
  afterAll(async () => {
    await c?.down();
  });

  const cases: [string, () => Promise<string[]>][] = [
    ['a standalone pod', async () => ['pod', 'solo']],
    ['the deployment', async () => ['deployment', 'web']],
    ['its replica set', async () => ['rs', '-l', 'app=web']],
    ['its pods, one after the other', async () => ['pods', '-l', 'app=web']],
    ['the service and its endpoints', async () => ['svc,endpoints', 'web']],
    [
      'the node',
      async () => [
        'node',
        JSON.parse((await c.kubectl(['get', 'nodes', '-o', 'json'])).stdout).items[0].metadata.name,
      ],
    ],
    [
      'a config map, a secret and a namespace',
      async () => ['cm/web-config', 'secret/web-secret', 'ns/default'],
    ],
    ['a daemon set, a finished job and a cron job', async () => ['ds/agent', 'job/once', 'cronjob/nightly']],
    ['an ingress and a disruption budget', async () => ['ingress/web', 'pdb/web']],
    [
      'a claim, a service account and a role binding',
      async () => ['pvc/data', 'sa/robot', 'rolebinding/robot-view'],
    ],
    ['pods by the start of their names', async () => ['pods', 'web-']],
    ['config maps in every namespace', async () => ['cm', '-A']],
    ['cluster roles', async () => ['clusterrole/view', 'clusterrole/system:node']],
    ['a network policy and an ingress class', async () => ['netpol/quiet', 'ingressclass/minik8s']],
    ["the service's endpoint slices", async () => ['endpointslices', '-l', 'kubernetes.io/service-name=web']],
    [
      'a namespace with a quota and limits, and those',
      async () => ['ns/limited', 'quota/quota', 'limits/limits', '-n', 'limited'],
    ],
  ];

  /** Compares both describes of the same objects until they read alike. */
  const sameAsKubectl = async (argv: string[]) =>
    // A node's heartbeat or a late event may land between the two runs: compare again until both saw the same.
    eventually(
      `minik8s ${argv.join(' ')} to read as kubectl's`,
      async () => {
        const theirs = (await c.kubectl(argv)).stdout;
        const mine = (await c.minik8s(argv)).stdout;
        expect(normalize(mine)).toEqual(normalize(theirs));
      },
      20_000,
    );

  it.each(cases)('prints %s as kubectl does', async (_what, args) => {
    await sameAsKubectl(['describe', ...(await args())]);
  });

  it('describes the objects it finds and then says which it did not, as kubectl does', async () => {
    const argv = ['describe', 'cm', 'web-config', 'nosuch'];
    const [theirs, mine] = await Promise.all([
      c.kubectl(argv, { reject: false }),
      c.minik8s(argv, { reject: false }),
    ]);
    expect(mine.exitCode).toBe(1);
    expect(theirs.exitCode).toBe(1);
    expect(normalize(mine.stdout)).toEqual(normalize(theirs.stdout));
    expect(mine.stderr).toBe(theirs.stderr);
  });

  it('prints a custom resource as kubectl does', async () => {
    const widget = JSON.stringify({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', labels: { size: 'small' } },
      spec: { size: 3, ratio: 0.25, hostIPs: ['a', 'b'], items: [{ name: 'one', podIP: '10.0.0.1' }] },
    });
    await waitFor('the Widget kind to be served', () =>
      c.kubectl(['apply', '-f', '-'], { input: widget }).then(() => true),
    );
    await sameAsKubectl(['describe', 'widget', 'w1']);
  });

  it('orders more events than Go sorts stably, many at the same second, as kubectl does', async () => {
    const uid = (await c.kubectl(['get', 'pod', 'solo', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const second = (ago: number) => `${new Date(Date.now() - ago).toISOString().slice(0, 19)}Z`;
    const [hourAgo, halfHourAgo] = [second(3_600_000), second(1_800_000)];
    const items = Array.from({ length: 16 }, (_, i) => {
      const at = i % 3 === 0 ? halfHourAgo : hourAgo;
      return {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `solo.test${String(i).padStart(2, '0')}` },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'solo', namespace: 'default', uid },
        reason: `Check${i}`,
        message: `check number ${i}`,
        type: i % 4 === 0 ? 'Warning' : 'Normal',
        source: { component: 'describe-test' },
        firstTimestamp: at,
        lastTimestamp: at,
        count: i % 5 === 0 ? 3 : 1,
      };
    });
    await c.kubectl(['create', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    });
    await sameAsKubectl(['describe', 'pod', 'solo']);
  });
});
