/**
 * The pod a command about one pod acts on when given TYPE/NAME, as kubectl's
 * AttachablePodForObject picks it: a pod itself, or one of the pods a Service or workload
 * selects (running and ready first, then the oldest).
 */
import type { ApiResource, ServedPod } from '../api/kinds/index.js';
import {
  DAEMON_SETS,
  DEPLOYMENTS,
  JOBS,
  PODS,
  REPLICA_SETS,
  REPLICATION_CONTROLLERS,
  SERVICES,
  STATEFUL_SETS,
} from '../api/kinds/index.js';
import type { LabelSelector, Pod, Service } from '../api/kinds/types.generated.js';
import type { Client } from '../client/client.js';
import { defaultContainer } from '../runtime/default-container.js';
import { labelSelectorToString } from '../store/selector.js';
import { typeAndName } from './resource-args.js';

/** The types a Service or workload is named by in TYPE/NAME, with the resource each one names. */
export const WORKLOADS: [RegExp, ApiResource][] = [
  [/^(deploy|deployments?)$/, DEPLOYMENTS],
  [/^(rs|replicasets?)$/, REPLICA_SETS],
  [/^(rc|replicationcontrollers?)$/, REPLICATION_CONTROLLERS],
  [/^(sts|statefulsets?)$/, STATEFUL_SETS],
  [/^(ds|daemonsets?)$/, DAEMON_SETS],
  [/^(jobs?)$/, JOBS],
];

// How often the pods of a Service or workload that has none yet are listed again.
const POLL_MS = 250;

const running = (p: Pod) => p.status?.phase === 'Running';
export const ready = (p: Pod) =>
  !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

export interface Attachable {
  pod: Pod;
  /** The Service the pod was picked for, when the target was one. */
  service?: Service;
  /** How many pods the selector chose among (1 for a pod named outright). */
  among: number;
}

const rank = (p: Pod) => (running(p) ? 0 : 2) + (ready(p) ? 0 : 1);
const byAttaching = (a: Pod, b: Pod) =>
  rank(a) - rank(b) ||
  String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp));

/**
 * The pod to act on among those `selector` chooses, the first in `order`, waiting up to `waitMs`
 * for there to be one, as kubectl's GetFirstPod does.
 */
export async function firstPod(
  client: Client,
  namespace: string,
  selector: string,
  waitMs: number,
  order: (a: Pod, b: Pod) => number = byAttaching,
): Promise<{ pod: Pod; among: number }> {
  const end = Date.now() + waitMs;
  for (;;) {
    const pods = (await client.list<Pod>(PODS, { namespace, labelSelector: selector })).items.filter(
      (p) => !p.metadata.deletionTimestamp,
    );
    pods.sort(order);
    if (pods.length) return { pod: pods[0], among: pods.length };
    const left = end - Date.now();
    // kubectl's words (its GetFirstPod's wait.ErrWaitTimeout).
    if (left <= 0) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, left)));
  }
}

/** The pods a Service or workload TYPE/NAME selects, as a label selector; undefined for a pod. */
export async function targetSelector(
  client: Client,
  namespace: string,
  target: string,
): Promise<{ selector: string; service?: Service } | undefined> {
  const [type, name] = typeAndName(target, 'pod');
  if (/^(po|pods?)$/.test(type)) return undefined;
  if (/^(svc|services?)$/.test(type)) {
    const service = await client.get<Service>(SERVICES, namespace, name);
    const selector = service.spec?.selector ?? {};
    if (!Object.keys(selector).length)
      throw new Error(
        `cannot attach to *v1.Service: invalid service '${name}': Service is defined without a selector`,
      );
    return { selector: labelSelectorToString({ matchLabels: selector }), service };
  }
  const def = WORKLOADS.find(([re]) => re.test(type))?.[1];
  if (!def) throw new Error(`cannot attach to ${type}: not implemented`);
  const obj = await client.get<{ spec?: { selector?: LabelSelector | Record<string, string> } } & Pod>(
    def,
    namespace,
    name,
  );
  const sel = obj.spec?.selector ?? {};
  const selector =
    'matchLabels' in sel || 'matchExpressions' in sel
      ? (sel as LabelSelector)
      : { matchLabels: sel as Record<string, string> };
  return { selector: labelSelectorToString(selector) };
}

/** `NAME` or `pod/NAME`, `svc/NAME`, `deploy/NAME`, ... in `namespace`; `waitMs` for one of its pods to exist. */
export async function attachablePod(
  client: Client,
  namespace: string,
  target: string,
  waitMs: number,
): Promise<Attachable> {
  const selected = await targetSelector(client, namespace, target);
  if (!selected) {
    const [, name] = typeAndName(target, 'pod');
    return { pod: await client.get<Pod>(PODS, namespace, name), among: 1 };
  }
  const chosen = await firstPod(client, namespace, selected.selector, waitMs);
  return selected.service ? { ...chosen, service: selected.service } : chosen;
}

/**
 * The pod TYPE/NAME names and the container to act on: the one asked for, else the pod's
 * default one; `note` hears kubectl's remarks on the choice (which pod of several, which
 * container of several).
 */
export async function podContainer(
  client: Client,
  namespace: string,
  target: string,
  container: string | undefined,
  note: (line: string) => void,
  waitMs: number,
): Promise<{ pod: string; container: string | undefined; among: number }> {
  const { pod, among } = await attachablePod(client, namespace, target, waitMs);
  if (container) return { pod: pod.metadata.name!, container, among };
  const chosen = defaultContainer(pod as ServedPod);
  if (chosen.note) note(chosen.note);
  return { pod: pod.metadata.name!, container: chosen.name, among };
}
