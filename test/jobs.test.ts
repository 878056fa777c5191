import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually, waitFor } from './helpers/wait.js';

const JOB = `
apiVersion: batch/v1
kind: Job
metadata:
  name: jobs-e2e-pi
spec:
  completions: 5
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
        - name: work
          image: minik8s/busybox:latest
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c", "echo done"]
`;

const CRON_JOB = `
apiVersion: batch/v1
kind: CronJob
metadata:
  name: jobs-e2e-tick
spec:
  schedule: "*/1 * * * *"
  successfulJobsHistoryLimit: 2
  jobTemplate:
    metadata:
      labels: { team: e2e }
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          terminationGracePeriodSeconds: 1
          containers:
            - name: tick
              image: minik8s/busybox:latest
              imagePullPolicy: IfNotPresent
              command: ["sh", "-c", "echo tick"]
`;

/** A ready pod pinned to a node, with a short grace so its eviction takes seconds. */
const webPod = (name: string, node: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: { app: jobs-e2e-web }
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  containers:
    - name: web
      image: minik8s/busybox:latest
      imagePullPolicy: IfNotPresent
      command: ["sh", "-c", "exec httpd -f -p 8080"]
`;

const PDB = `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: jobs-e2e-web
spec:
  minAvailable: 2
  selector:
    matchLabels: { app: jobs-e2e-web }
`;

describe('Jobs, CronJobs and draining a node on real Docker nodes', () => {
  let c: TestCluster;
  let worker: string;
  let controlPlane: string;
  beforeAll(async () => {
    c = await startTestCluster({ nodes: 2 });
    worker = `${c.name}-worker`;
    controlPlane = `${c.name}-control-plane`;
  });
  afterAll(async () => {
    await c?.down();
  });

  it('runs a Job of 5 completions, 2 at a time, to 5/5', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: JOB });
    const line = await eventually(
      'the Job complete in kubectl get jobs',
      async () => {
        const out = (await c.kubectl(['get', 'jobs', 'jobs-e2e-pi'])).stdout;
        expect(out).toMatch(/jobs-e2e-pi\s+Complete\s+5\/5\s+\d+s/);
        return out;
      },
      120_000,
    );
    expect(line).toContain('COMPLETIONS');
    const pods = (await c.kubectl(['get', 'pods', '-l', 'job-name=jobs-e2e-pi', '-o', 'name'])).stdout.split(
      '\n',
    );
    expect(pods).toHaveLength(5);
    expect((await c.kubectl(['logs', pods[0]])).stdout.trim()).toBe('done');
  });

  it('starts a CronJob by hand with kubectl create job --from, and with minik8s', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: CRON_JOB });
    expect((await c.kubectl(['get', 'cronjobs'])).stdout).toMatch(
      /jobs-e2e-tick\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+0/,
    );
    const created = await c.kubectl(['create', 'job', 'jobs-e2e-manual', '--from=cronjob/jobs-e2e-tick']);
    expect(created.stdout.trim()).toBe('job.batch/jobs-e2e-manual created');
    const mine = await c.minik8s(['create', 'job', 'jobs-e2e-mine', '--from=cronjob/jobs-e2e-tick']);
    expect(mine.stdout.trim()).toBe('job.batch/jobs-e2e-mine created');
    await eventually(
      'both Jobs complete',
      async () => {
        const out = (await c.kubectl(['get', 'jobs', '-l', 'team=e2e'])).stdout;
        expect(out).toMatch(/jobs-e2e-manual\s+Complete\s+1\/1/);
        expect(out).toMatch(/jobs-e2e-mine\s+Complete\s+1\/1/);
      },
      120_000,
    );
    const job = JSON.parse((await c.kubectl(['get', 'job', 'jobs-e2e-manual', '-o', 'json'])).stdout);
    expect(job.metadata.annotations['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(job.metadata.ownerReferences[0]).toMatchObject({ kind: 'CronJob', name: 'jobs-e2e-tick' });
  });

  it('drains a node with kubectl, waiting on a PodDisruptionBudget as a real cluster does', async () => {
    for (const [name, node] of [
      ['jobs-e2e-web-1', worker],
      ['jobs-e2e-web-2', worker],
      ['jobs-e2e-web-3', controlPlane],
    ])
      await c.kubectl(['apply', '-f', '-'], { input: webPod(name, node) });
    await c.kubectl(['apply', '-f', '-'], { input: PDB });
    await eventually(
      'the budget allowing one disruption',
      async () => {
        expect((await c.kubectl(['get', 'pdb', 'jobs-e2e-web'])).stdout).toMatch(
          /jobs-e2e-web\s+2\s+N\/A\s+1\s+/,
        );
      },
      60_000,
    );
    const drain = c.kubectl(['drain', worker, '--force', '--ignore-daemonsets', '--timeout=150s'], {
      reject: false,
    });
    let stderr = '';
    drain.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await waitFor(
      'kubectl drain told to wait by the budget',
      () => stderr.includes("Cannot evict pod as it would violate the pod's disruption budget."),
      60_000,
    );
    await c.kubectl(['apply', '-f', '-'], { input: webPod('jobs-e2e-web-4', controlPlane) });
    const result = await drain;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`node/${worker} cordoned`);
    expect(result.stdout).toContain('evicting pod default/jobs-e2e-web-1');
    expect(result.stdout).toContain(`node/${worker} drained`);
    expect(stderr).toContain(
      'Warning: deleting Pods that declare no controller: default/jobs-e2e-web-1, default/jobs-e2e-web-2',
    );
    const left = (await c.kubectl(['get', 'pods', '-l', 'app=jobs-e2e-web', '-o', 'wide'])).stdout;
    expect(left).not.toContain('jobs-e2e-web-1');
    expect(left).not.toContain('jobs-e2e-web-2');
    expect((await c.kubectl(['get', 'node', worker])).stdout).toContain('SchedulingDisabled');
    expect((await c.minik8s(['uncordon', worker])).stdout.trim()).toBe(`node/${worker} uncordoned`);
    expect((await c.kubectl(['taint', 'nodes', worker, 'jobs-e2e=1:NoSchedule'])).stdout.trim()).toBe(
      `node/${worker} tainted`,
    );
    expect((await c.minik8s(['taint', 'nodes', worker, 'jobs-e2e-'])).stdout.trim()).toBe(
      `node/${worker} untainted`,
    );
  });
});
