import { hasEnded, type Instance, runsOf } from './instances.js';
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from './pod.js';
import { parseQuantity } from './quantity.js';

/** What the runtime knows about a container beyond Docker's view. */
export interface ContainerExtra {
  /** Why the container is not running, when the runtime knows better than Docker (config, image, back-off). */
  waiting?: { reason: string; message?: string };
  ready: boolean;
  started: boolean;
}

export function terminatedState(i: Instance): ContainerState['terminated'] {
  const startError = i.state === 'created' && i.error !== '';
  const exitCode = startError ? 128 : i.exitCode;
  let reason = exitCode === 0 ? 'Completed' : 'Error';
  if (i.oomKilled) reason = 'OOMKilled';
  if (startError) reason = 'StartError';
  return {
    exitCode,
    reason,
    ...(i.error ? { message: i.error } : {}),
    startedAt: i.startedAt ?? i.finishedAt,
    finishedAt: i.finishedAt,
    containerID: `docker://${i.id}`,
  };
}

export function imageRef(imageId: string, repoDigest?: string): string {
  return repoDigest ? `docker-pullable://${repoDigest}` : imageId;
}

export function containerStatus(
  c: Container,
  kind: 'init' | 'app',
  instances: Instance[],
  extra: ContainerExtra,
  defaultWaiting: string,
  imageIds: Map<string, string>,
): ContainerStatus {
  const [current, previous] = runsOf(instances, c.name, kind);
  const status: ContainerStatus = {
    name: c.name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: current?.attempt ?? 0,
    image: c.image,
    imageID: '',
    started: false,
  };
  if (current) {
    status.containerID = `docker://${current.id}`;
    status.imageID = imageRef(current.imageId, imageIds.get(current.imageId));
  }
  if (current?.state === 'running') {
    status.state = { running: { startedAt: current.startedAt } };
    status.ready = extra.ready;
    status.started = extra.started;
    if (previous && hasEnded(previous)) status.lastState = { terminated: terminatedState(previous) };
  } else if (current && hasEnded(current)) {
    if (extra.waiting) {
      status.state = { waiting: extra.waiting };
      status.lastState = { terminated: terminatedState(current) };
    } else {
      status.state = { terminated: terminatedState(current) };
      if (previous && hasEnded(previous)) status.lastState = { terminated: terminatedState(previous) };
      status.ready = kind === 'init' && current.exitCode === 0;
    }
  } else {
    status.state = { waiting: extra.waiting ?? { reason: defaultWaiting } };
    if (previous && hasEnded(previous)) status.lastState = { terminated: terminatedState(previous) };
  }
  return status;
}

export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    if (Object.keys(limits).length || Object.keys(requests).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const limit = limits[r];
      const request = requests[r] ?? limit;
      if (limit === undefined || request === undefined || parseQuantity(limit) !== parseQuantity(request))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function condition(
  previous: PodCondition[] | undefined,
  type: string,
  ok: boolean,
  now: string,
  reason?: string,
  message?: string,
): PodCondition {
  const status = ok ? 'True' : 'False';
  const before = previous?.find((c) => c.type === type);
  const c: PodCondition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
  };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

export interface PodView {
  pod: Pod;
  initStatuses: ContainerStatus[];
  appStatuses: ContainerStatus[];
  sandboxReady: boolean;
  podIP?: string;
  hostIP: string;
  startTime: string;
  /** Set when an init container failed for good, or the pod's containers all ended for good. */
  finalPhase?: 'Succeeded' | 'Failed';
  /** The eviction message, for a pod the node evicted. */
  evicted?: string;
  /** The conditions last reported, so transition times stay put while the API copy lags. */
  previousConditions?: PodCondition[];
  now: string;
}

/** The pod's status as the kubelet reports it. */
export function podStatus(v: PodView): PodStatus {
  const { pod, initStatuses, appStatuses } = v;
  const prev = v.previousConditions ?? pod.status?.conditions;
  const initialized = initStatuses.every((s) => s.state.terminated?.exitCode === 0);
  const unready = appStatuses.filter((s) => !s.ready).map((s) => s.name);
  const containersReady = unready.length === 0;
  let phase: PodStatus['phase'] = 'Pending';
  if (v.finalPhase) phase = v.finalPhase;
  else if (
    initialized &&
    appStatuses.every((s) => s.state.running || s.state.terminated || s.lastState.terminated)
  ) {
    phase = 'Running';
  }
  const incompleteInit = initStatuses.filter((s) => s.state.terminated?.exitCode !== 0).map((s) => s.name);
  const completed = phase === 'Succeeded' || phase === 'Failed';
  const conditions: PodCondition[] = [
    condition(prev, 'PodReadyToStartContainers', v.sandboxReady, v.now),
    condition(
      prev,
      'Initialized',
      initialized || completed,
      v.now,
      'ContainersNotInitialized',
      `containers with incomplete status: [${incompleteInit.join(' ')}]`,
    ),
    condition(
      prev,
      'Ready',
      containersReady && !completed,
      v.now,
      completed ? 'PodCompleted' : 'ContainersNotReady',
      completed ? undefined : `containers with unready status: [${unready.join(' ')}]`,
    ),
    condition(
      prev,
      'ContainersReady',
      containersReady && !completed,
      v.now,
      completed ? 'PodCompleted' : 'ContainersNotReady',
      completed ? undefined : `containers with unready status: [${unready.join(' ')}]`,
    ),
    prev?.find((c) => c.type === 'PodScheduled') ?? condition(prev, 'PodScheduled', true, v.now),
  ];
  const status: PodStatus = {
    phase,
    conditions,
    hostIP: v.hostIP,
    hostIPs: [{ ip: v.hostIP }],
    startTime: v.startTime,
    qosClass: qosClass(pod),
    containerStatuses: appStatuses,
  };
  if (v.podIP) {
    status.podIP = v.podIP;
    status.podIPs = [{ ip: v.podIP }];
  }
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  if (v.evicted) {
    status.reason = 'Evicted';
    status.message = v.evicted;
  }
  return status;
}
