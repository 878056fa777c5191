import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServedPod, Service } from '../api/kinds/index.js';
import { PODS, SERVICES } from '../api/kinds/resources.js';
import { withoutManagedFields } from '../api/object-meta.js';
import { EventRecorder } from '../client/event-recorder.js';
import { Informer } from '../client/informer.js';
import type { KubeClient } from '../client/kube-client.js';
import { apiInputs } from './api-inputs.js';
import type { ContainerRuntime, RuntimeVersion } from './container-runtime.js';
import type { NodeRoot } from './host-path.js';
import { PAUSE_IMAGE } from './image-names.js';
import { kubeletAuth } from './kubelet-auth.js';
import { countRunning, PodStartTimes, type RunningCounts } from './kubelet-metrics.js';
import { startKubeletServer } from './kubelet-server.js';
import { LABEL, SANDBOX } from './labels.js';
import { startHeartbeat } from './node-heartbeat.js';
import type { NodeFacts } from './node-status.js';
import type { RuntimeOptions } from './pod-context.js';
import { PodRuntime } from './pod-runtime.js';
import { deletePodObject, writePodStatus } from './pod-writes.js';
import { DEFAULT_KUBELET_SETTINGS, type KubeletSettings } from './settings.js';

export interface AgentOptions {
  client: KubeClient;
  nodeName: string;
  cluster: string;
  /** The cluster's state folder (same path on the host); found from the node container's mounts when absent. */
  stateDir?: string;
  /** A tmpfs folder (same path on the host) for Secret volumes; without it they go under stateDir. */
  secretDir?: string;
  runtime: ContainerRuntime;
  /** The cluster network (default: the node container's network, else minik8s-<cluster>). */
  network?: string;
  /** The node's address (default: the node container's address on the cluster network). */
  hostIP?: string;
  /** Labels the node registers with besides the well-known ones (the kubelet's --node-labels). */
  nodeLabels?: Record<string, string>;
  clusterDNS?: string;
  pauseImage?: string;
  /** The kubelet's durations; its defaults where not given. */
  settings?: Partial<KubeletSettings>;
  /** The kubelet port its /metrics and /metrics/cadvisor are served on, at the node's address; none without one. */
  serverPort?: number;
  /** An informer of the cluster's Services to share (hollow nodes' one process); else the agent keeps its own. */
  services?: Informer<Service>;
  /** Called when a pod's new sandbox runs, before its containers start. */
  onSandboxStarted?: RuntimeOptions['onSandboxStarted'];
  log?: (message: string) => void;
}

export interface Agent {
  runtime: PodRuntime;
  stop(): Promise<void>;
}

interface SelfFacts {
  cgroupParent?: string;
  network?: string;
  hostIP?: string;
  cpu?: number;
  memory?: number;
  stateDir?: string;
  /** The agent runs in a node container. */
  inNode?: boolean;
  rootDir?: string;
}

/**
 * The node's filesystem for hostPath volumes: the node container's own root (the agent's `/`),
 * as kind's nodes have it; with a runtime whose storage shows no such root, a folder of the node's.
 */
function nodeRoot(rootDir: string | undefined, stateDir: string, nodeName: string): NodeRoot {
  if (rootDir) return { local: '/', runtime: rootDir };
  const own = path.join(stateDir, 'nodes', nodeName, 'root');
  fs.mkdirSync(own, { recursive: true, mode: 0o755 });
  return { local: own, runtime: own };
}

/** What the node container says about itself: its cgroup, network, address, limits, state folder. */
async function inspectSelf(runtime: ContainerRuntime, nodeName: string, cluster: string): Promise<SelfFacts> {
  const self = await runtime.nodeContainer(nodeName);
  if (!self) return {};
  const nets = Object.entries(self.networks);
  const preferred = nets.find(([n]) => n === `minik8s-${cluster}`) ?? nets[0];
  // The state folder is the one mounted at its own path; the runtime's socket and the tmpfs of Secrets are not it.
  const stateMount = self.binds.find(
    (m) => m.source === m.target && !m.source.endsWith('.sock') && !m.source.startsWith('/dev/shm/'),
  );
  return {
    cgroupParent: self.cgroupParent,
    network: preferred?.[0],
    hostIP: preferred?.[1],
    cpu: self.cpu,
    memory: self.memory,
    stateDir: stateMount?.source,
    inNode: true,
    rootDir: self.rootDir,
  };
}

function nodeFacts(
  opts: AgentOptions,
  self: SelfFacts,
  version: RuntimeVersion,
  stateDir: string,
): NodeFacts {
  const disk = fs.statfsSync(stateDir);
  return {
    nodeName: opts.nodeName,
    labels: opts.nodeLabels,
    hostIP: opts.hostIP ?? self.hostIP ?? '127.0.0.1',
    cpu: self.cpu ?? os.cpus().length,
    memory: self.memory ?? os.totalmem(),
    ephemeralStorage: disk.blocks * disk.bsize,
    containerRuntimeVersion: `${opts.runtime.name}://${version.version}`,
    osImage: version.osImage,
    kernelVersion: os.release(),
  };
}

/**
 * The node agent: registers the Node, heartbeats its Lease, and runs the pods bound to it
 * through a PodRuntime, writing their status back. Level-triggered: a list+watch keeps the
 * desired pods, the runtime compares them with the containers it observes on every sync.
 */
export async function runAgent(opts: AgentOptions): Promise<Agent> {
  const { client, nodeName, cluster } = opts;
  const log = opts.log ?? ((m: string) => console.error(`[agent ${nodeName}] ${m}`));
  const settings = { ...DEFAULT_KUBELET_SETTINGS, ...opts.settings };
  const self = await inspectSelf(opts.runtime, nodeName, cluster);
  const stateDir = opts.stateDir ?? self.stateDir;
  if (!stateDir)
    throw new Error('the node agent needs the cluster state folder: set MINIK8S_STATE_DIR or --state-dir');
  const facts = nodeFacts(opts, self, await opts.runtime.version(), stateDir);
  const events = new EventRecorder(client, { component: 'kubelet', host: nodeName });
  const pods = new Map<string, ServedPod>();
  const startTimes = new PodStartTimes();
  const nodeContainers = { [LABEL.cluster]: cluster, [LABEL.node]: nodeName };
  // The kubelet's service lister: pods start with the service variables of the Services that exist then.
  const ownServices = opts.services
    ? undefined
    : new Informer<Service>(client, SERVICES, { pageSize: 500, log });
  ownServices?.start();
  const services = opts.services ?? ownServices!;
  const runtime = new PodRuntime({
    runtime: opts.runtime,
    cluster,
    nodeName,
    network: opts.network ?? self.network ?? `minik8s-${cluster}`,
    stateDir,
    secretDir: opts.secretDir,
    nodeRoot: self.inNode ? nodeRoot(self.rootDir, stateDir, nodeName) : undefined,
    inputs: apiInputs(client, { services }),
    hostIP: facts.hostIP,
    nodeCpu: facts.cpu,
    nodeMemory: facts.memory,
    cgroupParent: self.cgroupParent,
    clusterDNS: opts.clusterDNS,
    pauseImage: opts.pauseImage ?? PAUSE_IMAGE,
    settings,
    onStatus: (pod, status) => {
      startTimes.status(pod, status);
      return writePodStatus(client, pods, pod, status);
    },
    onTerminated: (pod) => deletePodObject(client, pod),
    onEvent: (pod, type, reason, message) => events.record(pod, type, reason, message),
    onImagePull: (pod, phase) => startTimes.imagePull(pod.metadata.uid, phase),
    onSandboxStarted: opts.onSandboxStarted,
    log,
  });
  const stopHeartbeat = await startHeartbeat(client, facts, { settings, log });
  const watch = watchPods(client, nodeName, pods, runtime, startTimes, log);
  runtime.start();
  const stopCounting = countRunning(() => runningCounts(opts.runtime, nodeContainers));
  const server =
    opts.serverPort === undefined
      ? undefined
      : await startKubeletServer({
          host: facts.hostIP,
          port: opts.serverPort,
          runtime: opts.runtime,
          podLabels: nodeContainers,
          networkMaxAgeMs: settings.housekeepingIntervalMs,
          check: kubeletAuth(opts.client, nodeName),
          log,
        }).catch((err: Error) => {
          // Pods run without it: only the node's metrics are missing.
          log(`serving metrics on ${facts.hostIP}:${opts.serverPort}: ${err.message}`);
          return undefined;
        });
  const { hostIP, cpu, memory } = facts;
  log(
    `node ${nodeName} registered (${hostIP}, ${cpu} CPU, ${Math.round(memory / 2 ** 20)} MiB); running pods from ${stateDir}`,
  );
  return {
    runtime,
    stop: async () => {
      stopCounting();
      await server?.close();
      stopHeartbeat();
      await watch.stop();
      await ownServices?.stop();
      await runtime.stop();
    },
  };
}

/** The node's pods with a running sandbox, and its pod containers by state. */
async function runningCounts(
  runtime: ContainerRuntime,
  labels: Record<string, string>,
): Promise<RunningCounts> {
  const counts: RunningCounts = { pods: 0, containers: { created: 0, running: 0, exited: 0, unknown: 0 } };
  for (const c of await runtime.listContainers(labels)) {
    if (c.labels[LABEL.container] !== SANDBOX) counts.containers[c.state]++;
    else if (c.state === 'running') counts.pods++;
  }
  return counts;
}

/**
 * Keeps `pods` and the runtime's desired pods equal to the pods bound to the node, through an
 * informer (list, then watch; relisting when the watch expires; failures back off). Once the
 * first list is in, the runtime knows the whole desired set and may remove orphans.
 */
function watchPods(
  client: KubeClient,
  nodeName: string,
  pods: Map<string, ServedPod>,
  runtime: PodRuntime,
  startTimes: PodStartTimes,
  log: (message: string) => void,
): { stop(): Promise<void> } {
  const informer = new Informer<ServedPod>(client, PODS, {
    fieldSelector: `spec.nodeName=${nodeName}`,
    pageSize: 500,
    // Nothing on a node reads who manages a pod's fields, and status writes that leave them out
    // keep them on the server: not kept here, where each pod costs memory on every node.
    transform: withoutManagedFields,
    log,
  });
  const upsert = (pod: ServedPod) => {
    startTimes.seen(pod);
    pods.set(pod.metadata.uid, pod);
    runtime.upsertPod(pod);
  };
  const remove = (pod: ServedPod) => {
    startTimes.forget(pod.metadata.uid);
    pods.delete(pod.metadata.uid);
    runtime.removePod(pod.metadata.uid);
  };
  informer.addHandler({
    add: upsert,
    // A pod replaced by one of the same name between two lists is another pod.
    update: (old, pod) => {
      if (old.metadata.uid !== pod.metadata.uid) remove(old);
      upsert(pod);
    },
    delete: remove,
  });
  informer.start();
  void informer.whenSynced().then(() => runtime.setPods(informer.list()));
  return { stop: () => informer.stop() };
}
