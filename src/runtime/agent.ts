import os from 'node:os';
import Docker from 'dockerode';
import { ApiError } from '../api/errors.js';
import { resources } from '../api/resources.js';
import type { KubeObject, WatchEvent } from '../api/types.js';
import { Client, type WatchHandle } from '../client/client.js';
import { apiInputs } from './api-inputs.js';
import { EventRecorder } from './events.js';
import { PAUSE_IMAGE } from './image-names.js';
import {
  type NodeCondition,
  type NodeFacts,
  nodeLabels,
  nodeObject,
  nodeStatus,
  statusFingerprint,
} from './node-status.js';
import type { Pod, PodStatus } from './pod.js';
import { PodRuntime } from './pod-runtime.js';

const def = (resource: string) => resources.find((r) => r.resource === resource)!;
const PODS = def('pods');
const NODES = def('nodes');
const LEASES = def('leases');

export interface AgentOptions {
  client: Client;
  nodeName: string;
  cluster: string;
  /** The cluster's state folder (same path on the host); found from the node container's mounts when absent. */
  stateDir?: string;
  /** A tmpfs folder (same path on the host) for Secret volumes; without it they go under stateDir. */
  secretDir?: string;
  docker?: Docker;
  /** The cluster network (default: the node container's network, else minik8s-<cluster>). */
  network?: string;
  /** The node's address (default: the node container's address on the cluster network). */
  hostIP?: string;
  /** Default: the node's name ends in -control-plane. */
  controlPlane?: boolean;
  clusterDNS?: string;
  pauseImage?: string;
  leaseIntervalMs?: number;
  /** Node status is posted when it changes, else at this interval. */
  nodeStatusIntervalMs?: number;
  syncIntervalMs?: number;
  log?: (message: string) => void;
}

export interface Agent {
  runtime: PodRuntime;
  stop(): Promise<void>;
}

function isStatus(err: unknown, code: number): boolean {
  return err instanceof ApiError && err.code === code;
}

function microTime(): string {
  return new Date().toISOString().replace('Z', '000Z');
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

interface SelfFacts {
  containerId?: string;
  network?: string;
  hostIP?: string;
  cpu?: number;
  memory?: number;
  stateDir?: string;
}

/** What the node container says about itself: id (for the cgroup), network, address, limits, state mount. */
async function inspectSelf(docker: Docker, nodeName: string, cluster: string): Promise<SelfFacts> {
  const info = await docker
    .getContainer(nodeName)
    .inspect()
    .catch(() => undefined);
  if (!info) return {};
  const nets = Object.entries(info.NetworkSettings?.Networks ?? {});
  const preferred = nets.find(([n]) => n === `minik8s-${cluster}`) ?? nets[0];
  const stateMount = (info.Mounts ?? []).find(
    (m) =>
      m.Type === 'bind' &&
      m.Source === m.Destination &&
      !m.Source.endsWith('docker.sock') &&
      !m.Source.startsWith('/dev/shm/'),
  );
  return {
    containerId: info.Id,
    network: preferred?.[0],
    hostIP: preferred?.[1].IPAddress || undefined,
    cpu: info.HostConfig?.NanoCpus ? info.HostConfig.NanoCpus / 1e9 : undefined,
    memory: info.HostConfig?.Memory || undefined,
    stateDir: stateMount?.Source,
  };
}

/**
 * The node agent: registers the Node, heartbeats its Lease, and runs the pods bound to it
 * through a PodRuntime, writing their status back. Level-triggered: a list+watch keeps the
 * desired pods, the runtime compares them with Docker on every sync.
 */
export async function runAgent(opts: AgentOptions): Promise<Agent> {
  const { client, nodeName, cluster } = opts;
  const log = opts.log ?? ((m: string) => console.error(`[agent ${nodeName}] ${m}`));
  const docker = opts.docker ?? new Docker();
  const self = await inspectSelf(docker, nodeName, cluster);
  const dockerInfo = await docker.info();
  const version = await docker.version();
  const stateDir = opts.stateDir ?? self.stateDir;
  if (!stateDir)
    throw new Error('the node agent needs the cluster state folder: set MINIK8S_STATE_DIR or --state-dir');
  const network = opts.network ?? self.network ?? `minik8s-${cluster}`;
  const hostIP = opts.hostIP ?? self.hostIP ?? '127.0.0.1';
  const facts: NodeFacts = {
    nodeName,
    controlPlane: opts.controlPlane ?? nodeName.endsWith('-control-plane'),
    hostIP,
    cpu: self.cpu ?? os.cpus().length,
    memory: self.memory ?? os.totalmem(),
    dockerVersion: version.Version,
    osImage: dockerInfo.OperatingSystem ?? 'Linux',
    kernelVersion: os.release(),
  };
  const cgroupParent =
    self.containerId && dockerInfo.CgroupDriver !== 'systemd' ? `/docker/${self.containerId}` : undefined;
  const events = new EventRecorder(client, nodeName);
  const pods = new Map<string, Pod>();

  const writeStatus = async (pod: Pod, status: PodStatus) => {
    let current = pods.get(pod.metadata.uid) ?? pod;
    for (let i = 0; i < 3; i++) {
      try {
        const updated = await client.update<Pod>(PODS, { ...current, status }, 'status');
        if (pods.has(updated.metadata.uid)) pods.set(updated.metadata.uid, updated);
        return;
      } catch (err) {
        if (isStatus(err, 404)) return;
        if (!isStatus(err, 409)) throw err;
        const fresh = await client
          .get<Pod>(PODS, pod.metadata.namespace, pod.metadata.name)
          .catch(() => undefined);
        if (!fresh || fresh.metadata.uid !== pod.metadata.uid) return;
        current = fresh;
      }
    }
  };

  const runtime = new PodRuntime({
    docker,
    cluster,
    nodeName,
    network,
    stateDir,
    secretDir: opts.secretDir,
    inputs: apiInputs(client),
    hostIP,
    nodeCpu: facts.cpu,
    nodeMemory: facts.memory,
    cgroupParent,
    clusterDNS: opts.clusterDNS,
    pauseImage: opts.pauseImage ?? PAUSE_IMAGE,
    syncIntervalMs: opts.syncIntervalMs,
    onStatus: writeStatus,
    onTerminated: async (pod) => {
      // Options as query parameters: Client sends a DELETE body without Content-Length, which
      // Node's server cannot frame. The object named is the one being deleted: a new pod of the
      // same name cannot exist until it is gone.
      await client
        .request('DELETE', Client.path(PODS, pod.metadata.namespace, pod.metadata.name), {
          query: { gracePeriodSeconds: 0 },
        })
        .catch((err) => {
          if (!isStatus(err, 404) && !isStatus(err, 409)) throw err;
        });
    },
    onEvent: (pod, type, reason, message) => events.record(pod, type, reason, message),
    log,
  });

  let stopped = false;
  const timers: NodeJS.Timeout[] = [];

  let lastPostedAt = 0;
  const registerNode = async () => {
    try {
      const node = await client.get(NODES, undefined, nodeName);
      const labels = { ...(node.metadata.labels ?? {}), ...nodeLabels(facts) };
      const prev = (node.status as { conditions?: NodeCondition[] } | undefined)?.conditions;
      const status = nodeStatus(facts, timestamp(), prev);
      if (JSON.stringify(labels) !== JSON.stringify(node.metadata.labels ?? {})) {
        await client.patch(NODES, undefined, nodeName, { metadata: { labels } });
      }
      const onServer = (node.status ?? {}) as Record<string, unknown>;
      const ours = Object.fromEntries(Object.keys(status).map((k) => [k, onServer[k]]));
      const due = Date.now() - lastPostedAt > (opts.nodeStatusIntervalMs ?? 300_000);
      if (statusFingerprint(status) !== statusFingerprint(ours) || due) {
        const fresh = await client.get(NODES, undefined, nodeName);
        await client.update(
          NODES,
          { ...fresh, status: { ...((fresh.status as object) ?? {}), ...status } },
          'status',
        );
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

  const renewLease = async () => {
    const spec = { holderIdentity: nodeName, leaseDurationSeconds: 40, renewTime: microTime() };
    try {
      const lease = await client.get(LEASES, 'kube-node-lease', nodeName);
      await client.update(LEASES, { ...lease, spec: { ...(lease.spec as object), ...spec } });
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
      const node = await client.get(NODES, undefined, nodeName).catch(() => undefined);
      await client.create(LEASES, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: nodeName,
          namespace: 'kube-node-lease',
          ...(node?.metadata.uid
            ? {
                ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid }],
              }
            : {}),
        },
        spec,
      });
    }
  };

  const heartbeat = async () => {
    try {
      await registerNode();
      await renewLease();
    } catch (err) {
      log(`heartbeat: ${(err as Error).message}`);
    }
  };
  await heartbeat();
  timers.push(setInterval(heartbeat, opts.leaseIntervalMs ?? 10_000));

  let watch: WatchHandle | undefined;
  const watchPods = async () => {
    let delay = 500;
    while (!stopped) {
      try {
        const list = await client.list<Pod>(PODS, { fieldSelector: `spec.nodeName=${nodeName}` });
        pods.clear();
        for (const p of list.items) pods.set(p.metadata.uid, p);
        runtime.setPods(list.items);
        let rv = list.metadata.resourceVersion;
        delay = 500;
        let expired = false;
        while (!stopped && !expired) {
          watch = client.watch<Pod>(
            PODS,
            {
              fieldSelector: `spec.nodeName=${nodeName}`,
              resourceVersion: rv,
              timeoutSeconds: 300,
              allowWatchBookmarks: true,
            },
            (ev: WatchEvent<Pod>) => {
              if (ev.type === 'ERROR') {
                expired = true;
                watch?.stop();
                return;
              }
              rv = (ev.object as KubeObject).metadata.resourceVersion ?? rv;
              if (ev.type === 'BOOKMARK') return;
              const pod = ev.object;
              if (ev.type === 'DELETED') {
                pods.delete(pod.metadata.uid);
                runtime.removePod(pod.metadata.uid);
              } else {
                pods.set(pod.metadata.uid, pod);
                runtime.upsertPod(pod);
              }
            },
          );
          const started = Date.now();
          await watch.done;
          if (Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 1000));
        }
      } catch (err) {
        if (stopped) return;
        log(`watching pods: ${(err as Error).message}; retrying in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  };
  const watching = watchPods();
  runtime.start();
  log(
    `node ${nodeName} registered (${hostIP}, ${facts.cpu} CPU, ${Math.round(facts.memory / 2 ** 20)} MiB); running pods from ${stateDir}`,
  );

  return {
    runtime,
    stop: async () => {
      stopped = true;
      for (const t of timers) clearInterval(t);
      watch?.stop();
      await watching;
      await runtime.stop();
    },
  };
}
