/**
 * Kubernetes' daemon controller manage(): a pod on each node that should run one, none on the
 * others, failed ones replaced after a back-off, extras pruned.
 */
import type { Node, Pod } from '../../api/kinds/index.js';
import { CONTROLLER_REVISION_HASH } from '../workloads/history.js';
import { isAvailable, isReady } from '../workloads/pods.js';
import { placement } from './placement.js';
import { type DaemonPass, syncNodes } from './sync.js';

const BACKOFF_INITIAL_MS = 1_000;
const BACKOFF_MAX_MS = 15 * 60_000;

/**
 * How long a node's failed daemon pod waits before it is deleted again (failedPodsBackoff): the
 * kubelet may reject every pod it is given, and the two must not fight in a hot loop.
 */
export class FailedPodBackoff {
  private readonly entries = new Map<string, { delay: number; at: number }>();

  /** Milliseconds left to wait (0: go ahead, and the next wait doubles). */
  next(key: string, now: number): number {
    const e = this.entries.get(key);
    if (e && now - e.at < e.delay) return e.delay - (now - e.at);
    const fresh = !e || now - e.at > 2 * BACKOFF_MAX_MS;
    this.entries.set(key, {
      delay: fresh ? BACKOFF_INITIAL_MS : Math.min(e.delay * 2, BACKOFF_MAX_MS),
      at: now,
    });
    return 0;
  }
}

/** Scheduled pods first, then oldest, then by name (podByCreationTimestampAndPhase). */
export function oldestFirst(a: Pod, b: Pod): number {
  const scheduled = (p: Pod) => (p.spec?.nodeName ? 0 : 1);
  if (scheduled(a) !== scheduled(b)) return scheduled(a) - scheduled(b);
  const created = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
  if (created(a) !== created(b)) return created(a) - created(b);
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

const allowsSurge = (pass: DaemonPass) => surgeSetting(pass) !== 0 && surgeSetting(pass) !== '0%';
const surgeSetting = (pass: DaemonPass) =>
  pass.ds.spec?.updateStrategy?.type === 'RollingUpdate'
    ? (pass.ds.spec.updateStrategy.rollingUpdate?.maxSurge ?? 0)
    : 0;

interface NodeWork {
  create: boolean;
  doomed: Pod[];
  /** Milliseconds until a failed pod may be deleted. */
  retryMs?: number;
}

/** Of two pods on a node mid-surge, the one to let go: an old one not ready, or once the new one is available. */
function surgeLeftover(pass: DaemonPass, running: Pod[]): Pod[] {
  const isNew = (p: Pod) => p.metadata.labels?.[CONTROLLER_REVISION_HASH] === pass.hash;
  const sorted = [...running].sort(oldestFirst);
  const oldestNew = sorted.find(isNew);
  const oldestOld = sorted.find((p) => !isNew(p));
  const doomed = sorted.filter((p) => p !== oldestNew && p !== oldestOld);
  if (oldestNew && oldestOld) {
    const minReady = pass.ds.spec?.minReadySeconds ?? 0;
    if (!isReady(oldestOld) || isAvailable(oldestNew, minReady, pass.now)) doomed.push(oldestOld);
  }
  return doomed;
}

/** podsShouldBeOnNode: what the node needs. */
function nodeWork(pass: DaemonPass, node: Node, backoff: FailedPodBackoff): NodeWork {
  const { shouldRun, shouldContinueRunning } = placement(pass.ds, node);
  const pods = pass.byNode.get(node.metadata.name!) ?? [];
  if (shouldRun && !pods.length) return { create: true, doomed: [] };
  if (!shouldContinueRunning)
    return { create: false, doomed: pods.filter((p) => !p.metadata.deletionTimestamp) };
  const work: NodeWork = { create: false, doomed: [] };
  const running: Pod[] = [];
  for (const pod of pods.filter((p) => !p.metadata.deletionTimestamp)) {
    const phase = pod.status?.phase;
    if (phase === 'Failed') {
      const wait = backoff.next(
        `${pass.ds.metadata.uid}/${pass.ds.status?.observedGeneration ?? 0}/${node.metadata.name}`,
        pass.now,
      );
      if (wait) work.retryMs = Math.min(work.retryMs ?? wait, wait);
      else {
        const msg = `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node.metadata.name}, will try to kill it`;
        pass.recorder.record(pass.ds, 'Warning', 'FailedDaemonPod', msg);
        work.doomed.push(pod);
      }
    } else if (phase === 'Succeeded') {
      const msg = `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node.metadata.name}, will try to delete it`;
      pass.recorder.record(pass.ds, 'Normal', 'SucceededDaemonPod', msg);
      work.doomed.push(pod);
    } else running.push(pod);
  }
  if (!allowsSurge(pass)) work.doomed.push(...[...running].sort(oldestFirst).slice(1));
  else if (running.length > 1) work.doomed.push(...surgeLeftover(pass, running));
  else if (!running.length && shouldRun) work.create = true;
  return work;
}

/** manage(): one pass of creates and deletes over every node; milliseconds until a failed pod may go. */
export async function manage(pass: DaemonPass, backoff: FailedPodBackoff): Promise<number | undefined> {
  const create: string[] = [];
  const doomed: Pod[] = [];
  let retryMs: number | undefined;
  const known = new Set(pass.nodes.map((n) => n.metadata.name));
  for (const node of pass.nodes) {
    const work = nodeWork(pass, node, backoff);
    if (work.create) create.push(node.metadata.name!);
    doomed.push(...work.doomed);
    if (work.retryMs !== undefined) retryMs = Math.min(retryMs ?? work.retryMs, work.retryMs);
  }
  // An unscheduled pod for a node that is gone can never run, nor will anything else remove it.
  for (const [node, pods] of pass.byNode) {
    if (!known.has(node))
      doomed.push(...pods.filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp));
  }
  await syncNodes(pass, doomed, create);
  return retryMs;
}
