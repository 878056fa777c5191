import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/wait.js';

/**
 * A kind with a scale subresource and nothing that runs pods for it: the autoscaler scales its
 * spec.replicas, which the test reads, whatever controllers the cluster has for built-in kinds.
 */
const SCALABLE = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: burners.e2e.minik8s.dev
spec:
  group: e2e.minik8s.dev
  scope: Namespaced
  names: { plural: burners, singular: burner, kind: Burner }
  versions:
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
        scale: { specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .spec.selector }
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                replicas: { type: integer }
                selector: { type: string }
            status:
              type: object
              properties:
                replicas: { type: integer }
`;

/** A pod that burns CPU, bounded to 200m so the machine keeps its cores, against a request of 100m. */
const WORKLOAD = `
apiVersion: v1
kind: Pod
metadata:
  name: burn
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
apiVersion: e2e.minik8s.dev/v1
kind: Burner
metadata:
  name: burn
spec:
  replicas: 1
  selector: app=burn
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: burn
spec:
  scaleTargetRef: { apiVersion: e2e.minik8s.dev/v1, kind: Burner, name: burn }
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
    await c.kubectl(['apply', '-f', '-'], { input: SCALABLE });
    await c.kubectl([
      'wait',
      '--for',
      'condition=established',
      '--timeout=20s',
      'crd/burners.e2e.minik8s.dev',
    ]);
    await c.kubectl(['apply', '-f', '-'], { input: WORKLOAD });
  });
  afterAll(async () => {
    await c?.down();
  });

  it("shows the busy pod's CPU in kubectl top pods and minik8s top pods", async () => {
    const cpu = (out: string) => Number(/^burn\s+(\d+)m\s+\d+Mi/m.exec(out)?.[1] ?? 0);
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
    expect(containers).toMatch(/^burn\s+loop\s+\d+m\s+\d+Mi/m);
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

  it('scales the busy target up to maxReplicas, with TARGETS and events as on a real cluster', async () => {
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
    const burner = JSON.parse((await c.kubectl(['get', 'burner', 'burn', '-o', 'json'])).stdout);
    expect(burner.spec.replicas).toBe(3);
    const table = (await c.kubectl(['get', 'hpa'])).stdout;
    expect(table).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE/);
    expect(table).toMatch(/^burn\s+Burner\/burn\s+cpu: \d+%\/50%\s+1\s+3\s+\d+\s/m);
    const events = (await c.kubectl(['get', 'events'])).stdout;
    expect(events).toMatch(
      /SuccessfulRescale\s+horizontalpodautoscaler\/burn\s+New size: 3; reason: cpu resource utilization \(percentage of request\) above target/,
    );
  });
});
