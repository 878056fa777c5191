import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { EVENTS, LEASES, NODES, PODS } from '../api/kinds/index.js';
import { microTimestamp } from '../api/time.js';
import type { KubeObject } from '../api/types.js';
import { nodeLifecycle } from './node-lifecycle.js';

let h: ControllerHarness;
let clock: ManualClock;

const renew = async () => {
  const spec = {
    holderIdentity: 'n1',
    leaseDurationSeconds: 40,
    renewTime: microTimestamp(new Date(clock.now())),
  };
  try {
    const lease = await h.client.get(LEASES, 'kube-node-lease', 'n1');
    await h.client.update(LEASES, { ...lease, spec });
  } catch {
    await h.client.create(LEASES, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'n1', namespace: 'kube-node-lease' },
      spec,
    });
  }
};

const node = async () =>
  (await h.client.get(NODES, undefined, 'n1')) as KubeObject & {
    spec: { taints?: { key: string; effect: string }[] };
    status: { conditions: { type: string; status: string; reason?: string }[] };
  };

beforeEach(async () => {
  clock = new ManualClock(Date.now());
  h = await startControllers([nodeLifecycle], {
    clock,
    settings: { nodeMonitorGracePeriodMs: 40_000, nodeMonitorPeriodMs: 5_000 },
  });
  const created = await h.client.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
  await h.client.update(
    NODES,
    { ...created, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    'status',
  );
  await renew();
  const pod = await h.client.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] },
  });
  await h.client.update(
    PODS,
    { ...pod, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
    'status',
  );
  await h.manager.idle();
});

afterEach(() => h.stop());

const podReady = async () =>
  (
    (await h.client.get(PODS, 'default', 'web')) as KubeObject & {
      status: { conditions: { type: string; status: string }[] };
    }
  ).status.conditions.find((c) => c.type === 'Ready')?.status;

const events = async () =>
  (await h.client.list(EVENTS, { namespace: 'default' })).items.map((e) => {
    const ev = e as KubeObject & { type: string; reason: string; message: string };
    return `${ev.type} ${ev.reason} ${ev.message}`;
  });

/** Moves time on in steps, letting the controller act on each timer that falls due. */
async function pass(ms: number): Promise<void> {
  for (let step = 0; step < ms; step += 1000) {
    clock.advance(1000);
    await h.manager.idle();
  }
}

describe('node lifecycle', () => {
  it('leaves a node that heartbeats alone', async () => {
    for (let i = 0; i < 6; i++) {
      await pass(10_000);
      await renew();
    }
    const n = await node();
    expect(n.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(n.spec?.taints ?? []).toEqual([]);
    expect(await podReady()).toBe('True');
  });

  it('marks a silent node Unknown and tainted in one pass and its pods not ready, evicts its pods when their toleration ends, and heals when it beats again', async () => {
    await pass(41_000);
    const n = await node();
    expect(n.status.conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
    });
    expect(n.spec.taints).toContainEqual(
      expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }),
    );
    expect(await podReady()).toBe('False');
    expect(await events()).toEqual(['Warning NodeNotReady Node is not ready']);
    // The pod tolerates an unreachable node for the default 300 s.
    await pass(290_000);
    await expect(h.client.get(PODS, 'default', 'web')).resolves.toBeTruthy();
    await pass(15_000);
    await expect(h.client.get(PODS, 'default', 'web')).rejects.toMatchObject({ code: 404 });
    expect(await events()).toContain('Normal TaintManagerEviction Marking for deletion Pod default/web');

    await renew();
    await h.manager.idle();
    expect((await node()).spec?.taints ?? []).toEqual([]);
  });
});
