import { ApiError } from '../api/errors.js';
import { LEASES, type Lease, NODES, type Node } from '../api/kinds/index.js';
import { microTimestamp, timestamp } from '../api/time.js';
import type { KubeClient } from '../client/kube-client.js';
import { type NodeFacts, nodeLabels, nodeObject, nodeStatus, statusFingerprint } from './node-status.js';
import type { KubeletSettings } from './settings.js';

export interface HeartbeatOptions {
  settings: Pick<KubeletSettings, 'nodeLeaseRenewIntervalMs' | 'nodeStatusReportFrequencyMs'>;
  log: (message: string) => void;
}

function isStatus(err: unknown, code: number): boolean {
  return err instanceof ApiError && err.code === code;
}

/**
 * Registers the Node and keeps it alive as a kubelet does: its Lease renewed every
 * nodeLeaseRenewIntervalMs, its status posted when it changes (or every
 * nodeStatusReportFrequencyMs). The first beat is done when this resolves; the answer stops
 * the beating.
 */
export async function startHeartbeat(
  client: KubeClient,
  facts: NodeFacts,
  opts: HeartbeatOptions,
): Promise<() => void> {
  let lastPostedAt = 0;
  const registerNode = async () => {
    const { nodeName } = facts;
    try {
      const node = await client.get<Node>(NODES, undefined, nodeName);
      const labels = { ...(node.metadata.labels ?? {}), ...nodeLabels(facts) };
      const status = nodeStatus(facts, timestamp(), node.status?.conditions);
      if (JSON.stringify(labels) !== JSON.stringify(node.metadata.labels ?? {})) {
        await client.patch(NODES, undefined, nodeName, { metadata: { labels } });
      }
      const onServer = new Map(Object.entries(node.status ?? {}));
      const ours = Object.fromEntries(Object.keys(status).map((k) => [k, onServer.get(k)]));
      const due = Date.now() - lastPostedAt > opts.settings.nodeStatusReportFrequencyMs;
      if (statusFingerprint(status) !== statusFingerprint(ours) || due) {
        const fresh = await client.get<Node>(NODES, undefined, nodeName);
        await client.update(NODES, { ...fresh, status: { ...fresh.status, ...status } }, 'status');
        lastPostedAt = Date.now();
      }
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
      const created = await client.create(NODES, nodeObject(facts, timestamp()));
      const status = nodeStatus(facts, timestamp());
      if (statusFingerprint(created.status) !== statusFingerprint(status)) {
        await client.update(NODES, { ...created, status }, 'status');
      }
      lastPostedAt = Date.now();
    }
  };
  const beat = async () => {
    try {
      await registerNode();
      await renewLease(client, facts.nodeName);
    } catch (err) {
      opts.log(`heartbeat: ${(err as Error).message}`);
    }
  };
  await beat();
  const timer = setInterval(beat, opts.settings.nodeLeaseRenewIntervalMs);
  return () => clearInterval(timer);
}

async function renewLease(client: KubeClient, nodeName: string): Promise<void> {
  const spec = { holderIdentity: nodeName, leaseDurationSeconds: 40, renewTime: microTimestamp() };
  try {
    const lease = await client.get<Lease>(LEASES, 'kube-node-lease', nodeName);
    await client.update(LEASES, { ...lease, spec: { ...lease.spec, ...spec } });
  } catch (err) {
    if (!isStatus(err, 404)) throw err;
    const node = await client.get(NODES, undefined, nodeName).catch(() => undefined);
    const owner = node?.metadata.uid
      ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid }] }
      : {};
    await client.create(LEASES, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: nodeName, namespace: 'kube-node-lease', ...owner },
      spec,
    });
  }
}
