import { qosClass } from '../api/kinds/core/qos-class.js';
import { isSidecar } from '../api/kinds/core/sidecar.js';
import type {
  Container,
  ContainerState,
  ContainerStatus,
  PodCondition,
  PodStatus,
  ServedPod,
} from '../api/kinds/index.js';
import { timestamp } from '../api/time.js';
import { appsBegan, hasEnded, type Instance, runsOf, sandboxOf } from './instances.js';
import { containerKey, type PodState } from './pod-context.js';

/** What the agent knows about a container beyond the container runtime's view. */
export interface ContainerExtra {
  /** Why the container is not running, when the agent knows better than the container runtime (config, image, back-off). */
  waiting?: { reason: string; message?: string };
  ready: boolean;
  started: boolean;
}

/** How pod status names containers and images: <runtime>://<id>, and docker-pullable://<repo digest> as cri-dockerd does. */
export interface StatusNames {
  runtimeName: string;
  /** Image id → its first repository digest, '' for none. */
  repoDigests: Map<string, string>;
}

function terminatedState(i: Instance, names: StatusNames): ContainerState['terminated'] {
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
    containerID: `${names.runtimeName}://${i.id}`,
  };
}

function imageRef(i: Instance, names: StatusNames): string {
  const digest = names.repoDigests.get(i.imageId);
  return digest ? `${names.runtimeName}-pullable://${digest}` : i.imageId;
}

export function containerStatus(
  c: Container,
  kind: 'init' | 'app',
  instances: Instance[],
  extra: ContainerExtra,
  defaultWaiting: string,
  names: StatusNames,
): ContainerStatus {
  const [current, previous] = runsOf(instances, c.name, kind);
  const status: ContainerStatus = {
    name: c.name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: current?.attempt ?? 0,
    image: c.image ?? '',
    imageID: '',
    started: false,
  };
  if (current) {
    status.containerID = `${names.runtimeName}://${current.id}`;
    status.imageID = imageRef(current, names);
  }
  if (current?.state === 'running') {
    status.state = { running: { startedAt: current.startedAt } };
    status.ready = extra.ready;
    status.started = extra.started;
    if (previous && hasEnded(previous)) status.lastState = { terminated: terminatedState(previous, names) };
  } else if (current && hasEnded(current)) {
    if (extra.waiting) {
      status.state = { waiting: extra.waiting };
      status.lastState = { terminated: terminatedState(current, names) };
    } else {
      status.state = { terminated: terminatedState(current, names) };
      if (previous && hasEnded(previous)) status.lastState = { terminated: terminatedState(previous, names) };
      status.ready = kind === 'init' && current.exitCode === 0;
    }
  } else {
    status.state = { waiting: extra.waiting ?? { reason: defaultWaiting } };
    if (previous && hasEnded(previous)) status.lastState = { terminated: terminatedState(previous, names) };
  }
  return status;
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
  pod: ServedPod;
  /** Every init container done (a sidecar started), or an app container run already. */
  initialized: boolean;
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

/** Whether an init container let the next one start: a sidecar once started, another once it succeeded. */
function initDone(pod: ServedPod, s: ContainerStatus): boolean {
  const c = pod.spec.initContainers?.find((i) => i.name === s.name);
  return c && isSidecar(c) ? s.started === true : s.state?.terminated?.exitCode === 0;
}

/** The pod's status as the kubelet reports it. */
export function podStatus(v: PodView): PodStatus {
  const { pod, initStatuses, appStatuses } = v;
  const prev = v.previousConditions ?? pod.status?.conditions;
  const { initialized } = v;
  const sidecars = new Set((pod.spec.initContainers ?? []).filter(isSidecar).map((c) => c.name));
  // As the kubelet lists them: sidecars first, then the app containers.
  const unready = [...initStatuses.filter((s) => sidecars.has(s.name)), ...appStatuses]
    .filter((s) => !s.ready)
    .map((s) => s.name);
  const containersReady = unready.length === 0;
  let phase: PodStatus['phase'] = 'Pending';
  if (v.finalPhase) phase = v.finalPhase;
  else if (
    initialized &&
    appStatuses.every((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated)
  ) {
    phase = 'Running';
  }
  const incompleteInit = initStatuses.filter((s) => !initDone(pod, s)).map((s) => s.name);
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
    qosClass: qosClass(pod.spec),
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

/** Succeeded or Failed when the pod's containers have all ended for good under its restart policy. */
export function finishedPhase(pod: ServedPod, insts: Instance[]): 'Succeeded' | 'Failed' | undefined {
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return undefined;
  const failedInit = (pod.spec.initContainers ?? []).some((c) => {
    if (isSidecar(c)) return false;
    const [cur] = runsOf(insts, c.name, 'init');
    return cur && hasEnded(cur) && (cur.exitCode !== 0 || cur.error !== '');
  });
  if (failedInit && policy === 'Never') return 'Failed';
  let failed = false;
  for (const c of pod.spec.containers) {
    const [cur] = runsOf(insts, c.name, 'app');
    if (!cur || !hasEnded(cur)) return undefined;
    const bad = cur.exitCode !== 0 || cur.error !== '';
    if (bad && policy === 'OnFailure') return undefined;
    failed ||= bad;
  }
  return failed ? 'Failed' : 'Succeeded';
}

/** The status of a pod from its observed containers and what the runtime knows beyond them. */
export function observedStatus(
  st: PodState,
  insts: Instance[],
  node: StatusNames & { hostIP: string },
  podIP?: string,
): PodStatus {
  const { pod } = st;
  const extraOf = (c: Container, kind: 'init' | 'app'): ContainerExtra => ({
    waiting: st.waiting.get(containerKey(pod, kind, c.name)),
    ...st.probes.state(c, runsOf(insts, c.name, kind)[0]),
  });
  const initStatuses = (pod.spec.initContainers ?? []).map((c) =>
    containerStatus(c, 'init', insts, extraOf(c, 'init'), 'PodInitializing', node),
  );
  const initialized = appsBegan(pod, insts) || initStatuses.every((s) => initDone(pod, s));
  const appWaiting = initialized ? 'ContainerCreating' : 'PodInitializing';
  const appStatuses = pod.spec.containers.map((c) =>
    containerStatus(c, 'app', insts, extraOf(c, 'app'), appWaiting, node),
  );
  const sandbox = sandboxOf(insts);
  return podStatus({
    pod,
    initialized,
    initStatuses,
    appStatuses,
    sandboxReady: sandbox?.state === 'running',
    podIP: podIP ?? sandbox?.ip,
    hostIP: node.hostIP,
    startTime: st.startTime,
    finalPhase: st.finalPhase,
    evicted: st.evicted,
    previousConditions: st.status?.conditions,
    now: timestamp(),
  });
}
