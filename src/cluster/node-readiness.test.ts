import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../test/helpers/api-server.js';
import { LEASES, type Lease, NODES, type Node } from '../api/kinds/index.js';
import { microTimestamp, timestamp } from '../api/time.js';
import { waitReady } from './node-readiness.js';

describe('waitReady', () => {
  let t: TestApiServer;
  const before = new Date(Date.now() - 60_000);
  beforeAll(async () => {
    t = await startTestApiServer();
    // A node as a stop leaves it: Ready, from its last heartbeat before the stop.
    const node = await t.client.create<Node>(NODES, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
    });
    await t.client.update(
      NODES,
      {
        ...node,
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              lastHeartbeatTime: timestamp(before),
              lastTransitionTime: timestamp(before),
            },
          ],
        },
      },
      'status',
    );
    await t.client.create<Lease>(LEASES, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'n1', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: microTimestamp(before) },
    });
  });
  afterAll(() => t?.stop());

  it('takes a Ready node as it is when no start time is given', async () => {
    await waitReady(t.conn, ['n1'], 5_000);
  });

  it("does not take a Ready from before the start, only once the node's agent beats again", async () => {
    const since = new Date();
    await expect(waitReady(t.conn, ['n1'], 500, { since })).rejects.toThrow(
      'nodes not Ready after 0.5 s: n1',
    );
    const lease = await t.client.get<Lease>(LEASES, 'kube-node-lease', 'n1');
    await t.client.update(LEASES, { ...lease, spec: { ...lease.spec, renewTime: microTimestamp() } });
    await waitReady(t.conn, ['n1'], 5_000, { since });
  });
});
