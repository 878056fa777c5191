import type { PodStatus, ServedPod } from '../api/kinds/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import type { PodPlacement } from './container-specs.js';
import type { NodeRoot } from './host-path.js';
import type { NodeContext, PodInputs } from './inputs.js';
import type { Instance } from './instances.js';
import type { PodProbes } from './probes.js';
import type { KubeletSettings } from './settings.js';
import type { PreparedVolume } from './volumes.js';

export type EventType = 'Normal' | 'Warning';

export interface RuntimeOptions {
  runtime: ContainerRuntime;
  cluster: string;
  nodeName: string;
  /** The cluster's network: sandboxes join it and take their pod IP there. */
  network: string;
  /** Host path under which pod volumes live (the same path inside the node container). */
  stateDir: string;
  /** Host path on a tmpfs (the same path inside the node container) for Secret volumes. */
  secretDir?: string;
  /** The node's own filesystem, where hostPath volumes resolve (absent: the runtime host's paths). */
  nodeRoot?: NodeRoot;
  inputs: PodInputs;
  hostIP: string;
  /** Allocatable CPU cores and memory bytes of the node. */
  nodeCpu: number;
  nodeMemory: number;
  cgroupParent?: string;
  clusterDNS?: string;
  pauseImage: string;
  pauseCommand?: string[];
  /** The kubelet's durations; its defaults where not given. */
  settings?: Partial<KubeletSettings>;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pullTimeoutMs?: number;
  onStatus?: (pod: ServedPod, status: PodStatus) => void | Promise<void>;
  /**
   * A pod with a deletionTimestamp has no containers left: its object may go. Called again,
   * with back-off, until the pod is removed from the runtime (its DELETED event).
   */
  onTerminated?: (pod: ServedPod) => void | Promise<void>;
  onEvent?: (pod: ServedPod, type: EventType, reason: string, message: string) => void;
  /** An image pull for the pod starts or ends: the pod start SLI leaves pulls out, as the kubelet's does. */
  onImagePull?: (pod: ServedPod, phase: 'started' | 'finished') => void;
  /**
   * A pod's new sandbox runs; its containers start once this resolves (the node's NetworkPolicy
   * agent writes the pod's rules here, as a network plugin does when the sandbox is set up).
   */
  onSandboxStarted?: (pod: ServedPod, sandboxId: string, hostIP: string) => Promise<void>;
  log?: (message: string) => void;
}

/** What the parts of the pod runtime share: the container runtime, the node, and how to tell. */
export interface NodeEnv {
  runtime: ContainerRuntime;
  opts: RuntimeOptions;
  settings: KubeletSettings;
  place: PodPlacement;
  node: NodeContext;
  event(pod: ServedPod, type: EventType, reason: string, message: string): void;
}

/** What the runtime keeps of a pod between syncs; everything else is observed again. */
export interface PodState {
  pod: ServedPod;
  syncing: boolean;
  again: boolean;
  startTime: string;
  volumes?: Map<string, PreparedVolume>;
  volumesAt: number;
  /** Why a container waits (config, image, back-off), by containerKey, where the runtime knows better than its state. */
  waiting: Map<string, { reason: string; message?: string }>;
  probes: PodProbes;
  lastStatus?: string;
  status?: PodStatus;
  finalPhase?: 'Succeeded' | 'Failed';
  /** Why the pod was evicted (an emptyDir over its sizeLimit): the pod then stays Failed. */
  evicted?: string;
  diskCheckedAt?: number;
  /** Deleting: its containers and volumes are gone, only its object is left. */
  containersRemoved?: boolean;
  /** When its object's delete was last asked for. */
  deleteAskedAt?: number;
  /**
   * Until when the pod needs no sync unless something about it changes: its last sync had
   * nothing to do and no container waiting. Undefined: synced on every listing.
   */
  quietUntil?: number;
}

/** What starting one of a pod's containers needs from the pod's sync. */
export interface SyncContext {
  st: PodState;
  sandboxId: string;
  podIP: string;
  volumes: Map<string, PreparedVolume>;
  insts: Instance[];
}

export function containerKey(pod: ServedPod, kind: 'init' | 'app', name: string): string {
  return `${pod.metadata.uid}/${kind}/${name}`;
}

/** The seconds a pod's containers get between SIGTERM and SIGKILL: a delete may shorten the spec's. */
export function gracePeriod(pod: ServedPod, deleting: boolean): number {
  const fromDelete = deleting ? pod.metadata.deletionGracePeriodSeconds : undefined;
  return fromDelete ?? pod.spec.terminationGracePeriodSeconds ?? 30;
}
