import { ApiError } from '../api/errors.js';
import { DAEMON_SETS, PODS, type Pod } from '../api/kinds/index.js';
import { goDuration } from '../api/time.js';
import type { Clock } from '../client/clock.js';
import type { KubeClient } from '../client/kube-client.js';
import type { Io } from './io.js';
import { cordon } from './nodes.js';

export interface DrainOptions {
  ignoreDaemonSets?: boolean;
  deleteEmptyDirData?: boolean;
  force?: boolean;
  /** Seconds each pod gets to stop (-1 or absent: its own). */
  gracePeriod?: number;
  /** How long the whole drain may take, in ms (0: no limit). */
  timeoutMs?: number;
  clock: Clock;
  /** kubectl waits 5 s after a 429 before asking again, and looks for evicted pods every second. */
  retryMs?: number;
  pollMs?: number;
}

type Verdict = { delete: boolean; kind?: 'warning' | 'error'; message?: string };

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
// Listed as "cannot delete <this>": kubectl 1.32 says "cannot delete" twice, and so does minik8s.
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

/** Several errors as one, as Go's utilerrors.Aggregate reads: one alone, or "[a, b]". */
class Aggregate extends Error {
  constructor(readonly messages: string[]) {
    super(messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`);
  }
}

const ended = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const controllerOf = (pod: Pod) => pod.metadata.ownerReferences?.find((r) => r.controller);
const podName = (pod: Pod) => `${pod.metadata.namespace}/${pod.metadata.name}`;
const isNotFound = (err: unknown) => err instanceof ApiError && err.code === 404;

/** kubectl's drain filters, in its order: the last verdict of the ones that let the pod go stands. */
async function verdict(client: KubeClient, pod: Pod, opts: DrainOptions): Promise<Verdict> {
  const ref = controllerOf(pod);
  let v: Verdict = { delete: true };
  if (ref?.kind === 'DaemonSet' && !ended(pod)) {
    try {
      await client.get(DAEMON_SETS, pod.metadata.namespace, ref.name);
      return opts.ignoreDaemonSets
        ? { delete: false, kind: 'warning', message: DAEMONSET_WARNING }
        : { delete: false, kind: 'error', message: DAEMONSET_FATAL };
    } catch (err) {
      const message = (err as Error).message;
      if (!isNotFound(err) || !opts.force) return { delete: false, kind: 'error', message };
      v = { delete: true, kind: 'warning', message };
    }
  }
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return { delete: false };
  if (pod.spec?.volumes?.some((vol) => vol.emptyDir) && !ended(pod)) {
    if (!opts.deleteEmptyDirData) return { delete: false, kind: 'error', message: LOCAL_STORAGE_FATAL };
    v = { delete: true, kind: 'warning', message: LOCAL_STORAGE_WARNING };
  }
  if (!ended(pod) && !ref) {
    if (!opts.force) return { delete: false, kind: 'error', message: UNMANAGED_FATAL };
    v = { delete: true, kind: 'warning', message: UNMANAGED_WARNING };
  }
  return v;
}

/** "message: ns/a, ns/b" per message, as kubectl groups pods it refuses or warns of. */
function grouped(items: { pod: Pod; v: Verdict }[], kind: 'warning' | 'error'): string[] {
  const by = new Map<string, string[]>();
  for (const { pod, v } of items.filter((i) => i.v.kind === kind))
    by.set(v.message!, [...(by.get(v.message!) ?? []), podName(pod)]);
  return [...by].map(
    ([message, pods]) => `${kind === 'error' ? 'cannot delete ' : ''}${message}: ${pods.join(', ')}`,
  );
}

/** The node's pods to evict, after kubectl's filters; throws what it refuses, says what it warns of. */
export async function podsForDeletion(client: KubeClient, node: string, opts: DrainOptions, io: Io) {
  const list = await client.list<Pod>(PODS, { fieldSelector: `spec.nodeName=${node}` });
  const items = await Promise.all(
    list.items.map(async (pod) => ({ pod, v: await verdict(client, pod, opts) })),
  );
  const errs = grouped(items, 'error');
  if (errs.length) throw new Aggregate(errs);
  const warnings = grouped(items, 'warning');
  if (warnings.length) io.err(`Warning: ${warnings.join('; ')}`);
  return items.filter((i) => i.v.delete).map((i) => i.pod);
}

/**
 * Evicts one pod through pods/eviction as kubectl does: a 429 (a disruption budget) is tried
 * again every 5 s, and the pod is then waited for until it is gone.
 */
async function evictPod(client: KubeClient, pod: Pod, opts: DrainOptions, io: Io, signal: AbortSignal) {
  const { namespace, name, uid } = pod.metadata;
  const grace =
    opts.gracePeriod !== undefined && opts.gracePeriod >= 0 ? { gracePeriodSeconds: opts.gracePeriod } : {};
  const body = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace },
    deleteOptions: grace,
  };
  for (;;) {
    if (signal.aborted) return;
    io.out(`evicting pod ${namespace}/${name}`);
    try {
      await client.createSubresource(PODS, namespace, name!, 'eviction', body);
      break;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!(err instanceof ApiError && err.code === 429))
        throw new Error(`error when evicting pods/"${name}" -n "${namespace}": ${(err as Error).message}`);
      io.err(`error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${err.message}`);
      await opts.clock.sleep(opts.retryMs ?? 5000, signal);
    }
  }
  for (;;) {
    if (signal.aborted) return;
    const current = await client.get<Pod>(PODS, namespace, name!).catch((err) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!current || current.metadata.uid !== uid) break;
    await opts.clock.sleep(opts.pollMs ?? 1000, signal);
  }
  io.out(`pod/${name} evicted`);
}

/** Evicts the pods together; fails with kubectl's line when the timeout runs out first. */
export async function evictPods(client: KubeClient, pods: Pod[], opts: DrainOptions, io: Io): Promise<void> {
  const ac = new AbortController();
  const cancel = opts.timeoutMs ? opts.clock.after(opts.timeoutMs, () => ac.abort()) : () => {};
  try {
    const results = await Promise.allSettled(pods.map((p) => evictPod(client, p, opts, io, ac.signal)));
    if (ac.signal.aborted) throw new Error(`drain did not complete within ${goDuration(opts.timeoutMs!)}`);
    const errs = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    if (errs.length) throw new Aggregate(errs);
  } finally {
    ac.abort();
    cancel();
  }
}

/**
 * `kubectl drain NODE`: cordons the node, then evicts its pods (DaemonSet pods with
 * --ignore-daemonsets aside, unmanaged pods only with --force), honouring disruption budgets.
 * Resolves to the exit code, having printed what kubectl prints.
 */
export async function drain(client: KubeClient, node: string, opts: DrainOptions, io: Io): Promise<number> {
  io.out(await cordon(client, node, true));
  try {
    const pods = await podsForDeletion(client, node, opts, io);
    await evictPods(client, pods, opts, io);
  } catch (err) {
    const message = (err as Error).message;
    io.err(`error: unable to drain node "${node}" due to error: ${message}, continuing command...`);
    io.err('There are pending nodes to be drained:');
    io.err(` ${node}`);
    // kubectl prints an aggregate's errors a line each, without its "error: ".
    for (const line of err instanceof Aggregate ? err.messages : [`error: ${message}`]) io.err(line);
    return 1;
  }
  io.out(`node/${node} drained`);
  return 0;
}
