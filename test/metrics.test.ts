import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/wait.js';

/** Pods that burn CPU, each bounded to 200m so the machine keeps its cores, against a request of 100m. */
const WORKLOAD = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: burn
spec:
  replicas: 1
  selector: { matchLabels: { app: burn } }
  template:
    metadata:
      labels: { app: burn }
    spec:
      terminationGracePeriodSeconds: 0
      containers:
        - name: loop
          image: minik8s/busybox:latest
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c", "while :; do :; done"]
          resources:
            requests: { cpu: 100m }
            limits: { cpu: 200m }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: burn
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: burn }
  minReplicas: 1
  maxReplicas: 3
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
`;

describe('metrics and autoscaling of pods on Docker nodes', () => {
  let c: TestCluster;
  beforeAll(async () => {
    // Measured and autoscaled every second or two, rather than metrics-server's and the HPA's 15 s.
    c = await startTestCluster({
      nodes: 1,
      config: [
        'controllerManager: {horizontalPodAutoscalerSyncPeriod: 2s}',
        'metricsServer: {metricResolution: 2s}',
        'kubelet: {nodeLeaseRenewInterval: 1s}',
      ].join('\n'),
    });
    await c.kubectl(['apply', '-f', '-'], { input: WORKLOAD });
  });
  afterAll(async () => {
    await c?.down();
  });

  it("shows the busy pod's CPU in kubectl top pods and minik8s top pods", async () => {
    const cpu = (out: string) => Number(/^burn-\S+\s+(\d+)m\s+\d+Mi/m.exec(out)?.[1] ?? 0);
    await eventually(
      'the burning pod near its 200m limit in kubectl top pods',
      async () => {
        const out = (await c.kubectl(['top', 'pods'])).stdout;
        expect(out).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
        expect(cpu(out)).toBeGreaterThan(100);
      },
      60_000,
    );
    const containers = (await c.kubectl(['top', 'pods', '--containers'])).stdout;
    expect(containers).toMatch(/^burn-\S+\s+loop\s+\d+m\s+\d+Mi/m);
    expect(cpu((await c.minik8s(['top', 'pods'])).stdout)).toBeGreaterThan(100);
  });

  it('shows the node, its pods included, in kubectl top nodes and minik8s top nodes', async () => {
    const row = new RegExp(`^${c.name}-control-plane\\s+(\\d+)m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`, 'm');
    const fromKubectl = await eventually('the node measured in kubectl top nodes', async () => {
      const match = row.exec((await c.kubectl(['top', 'nodes'])).stdout);
      expect(Number(match?.[1])).toBeGreaterThan(100);
      return match;
    });
    expect(fromKubectl).toBeTruthy();
    expect((await c.minik8s(['top', 'nodes'])).stdout).toMatch(row);
  });

  it('scales the busy Deployment up to maxReplicas, with TARGETS and events as on a real cluster', async () => {
    const hpa = await eventually(
      'the autoscaler to scale its target to 3',
      async () => {
        const got = JSON.parse((await c.kubectl(['get', 'hpa', 'burn', '-o', 'json'])).stdout);
        expect(got.status.desiredReplicas).toBe(3);
        return got;
      },
      60_000,
    );
    expect(hpa.status.currentMetrics[0].resource.current.averageUtilization).toBeGreaterThan(100);
    const limited = hpa.status.conditions.find((x: { type: string }) => x.type === 'ScalingLimited');
    expect([limited.status, limited.reason]).toEqual(['True', 'TooManyReplicas']);
    await eventually('the Deployment at 3 ready pods', async () => {
      expect((await c.kubectl(['get', 'deploy', 'burn'])).stdout).toMatch(/^burn\s+3\/3\s+3\s+3\s/m);
    });
    const table = (await c.kubectl(['get', 'hpa'])).stdout;
    expect(table).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE/);
    expect(table).toMatch(/^burn\s+Deployment\/burn\s+cpu: \d+%\/50%\s+1\s+3\s+\d+\s/m);
    const events = (await c.kubectl(['get', 'events'])).stdout;
    expect(events).toMatch(
      /SuccessfulRescale\s+horizontalpodautoscaler\/burn\s+New size: 3; reason: cpu resource utilization \(percentage of request\) above target/,
    );
  });
});
