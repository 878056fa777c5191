import { ApiError } from '../api/errors.js';
import type { Lease, Node } from '../api/kinds/index.js';
import { LEASES, NODES } from '../api/kinds/resources.js';
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
  const lease = new LeaseRenewer(client, facts.nodeName);
  const beat = async () => {
    try {
      await registerNode();
      await lease.renew();
    } catch (err) {
      opts.log(`heartbeat: ${(err as Error).message}`);
    }
  };
  await beat();
  const timer = setInterval(beat, opts.settings.nodeLeaseRenewIntervalMs);
  return () => clearInterval(timer);
}

/**
 * The node's Lease in kube-node-lease, renewed as the kubelet's lease controller does: from the
 * Lease it last wrote, so a beat is one write; it reads the Lease again only when that write
 * conflicts (someone else changed it) or the Lease is gone.
 */
class LeaseRenewer {
  private latest?: Lease;

  constructor(
    private readonly client: KubeClient,
    private readonly nodeName: string,
  ) {}

  async renew(): Promise<void> {
    const spec = { holderIdentity: this.nodeName, leaseDurationSeconds: 40, renewTime: microTimestamp() };
    const cached = this.latest;
    try {
      const lease = cached ?? (await this.client.get<Lease>(LEASES, 'kube-node-lease', this.nodeName));
      this.latest = await this.client.update(LEASES, { ...lease, spec: { ...lease.spec, ...spec } });
    } catch (err) {
      this.latest = undefined;
      if (cached && isStatus(err, 409)) return this.renew();
      if (!isStatus(err, 404)) throw err;
      const node = await this.client.get(NODES, undefined, this.nodeName).catch(() => undefined);
      const owner = node?.metadata.uid
        ? {
            ownerReferences: [
              { apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.metadata.uid },
            ],
          }
        : {};
      this.latest = await this.client.create<Lease>(LEASES, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.nodeName, namespace: 'kube-node-lease', ...owner },
        spec,
      });
    }
  }
}
