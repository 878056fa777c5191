import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/wait.js';

const WORKLOAD = `
apiVersion: v1
kind: Secret
metadata: {name: hollow-secret}
stringData: {k: v}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: hollow-app}
spec:
  replicas: 4
  selector: {matchLabels: {app: hollow-app}}
  template:
    metadata: {labels: {app: hollow-app}}
    spec:
      containers:
      - name: c
        image: minik8s/busybox:latest
        envFrom: [{secretRef: {name: hollow-secret}}]
`;

/** Hollow nodes each as system:node:NAME: the Node authorizer lets each read only its own pods' Secrets. */
describe('hollow nodes with node identities', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ nodes: 0 });
    await c.minik8s(['up', '--name', c.name, '--nodes', '0', '--hollow-nodes', '2']);
  });
  afterAll(async () => {
    await c?.down();
  });

  it('registers, renews its own Lease, and runs pods that read a Secret', async () => {
    const nodes = (await c.kubectl(['get', 'nodes', '-o', 'name'])).stdout;
    expect(nodes).toContain(`node/${c.name}-hollow-0001`);
    expect(nodes).toContain(`node/${c.name}-hollow-0002`);
    const leases = (await c.kubectl(['get', 'leases', '-n', 'kube-node-lease', '-o', 'name'])).stdout;
    expect(leases).toContain(`${c.name}-hollow-0001`);
    await c.kubectl(['apply', '-f', '-'], { input: WORKLOAD });
    await eventually('the hollow pods Running', async () => {
      const out = (await c.kubectl(['get', 'pods', '-l', 'app=hollow-app', '--no-headers'])).stdout;
      const lines = out.trim().split('\n');
      expect(lines).toHaveLength(4);
      for (const l of lines) expect(l).toMatch(/1\/1\s+Running/);
    });
  });
});
