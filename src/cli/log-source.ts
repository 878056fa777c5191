/**
 * What `logs POD` or `logs TYPE/NAME` reads, as kubectl's LogsForObject finds it: the pod named,
 * or the pods a Service or workload selects, with kubectl's errors for a name that is not there
 * and a type that selects no pods.
 */
import { ApiError } from '../api/errors.js';
import { PODS, type ServedPod } from '../api/kinds/index.js';
import type { Pod } from '../api/kinds/types.generated.js';
import type { Client } from '../client/client.js';
import { firstPod, ready, targetSelector, WORKLOADS } from './attachable-pod.js';
import { serverResourceTypes } from './kinds.js';
import { typeAndName } from './resource-args.js';

export type LogSource = { pod: ServedPod } | { selector: string };

const PODS_TYPE = /^(po|pods?)$/;
const SERVICES_TYPE = /^(svc|services?)$/;
/** The resources kubectl's SelectorsForObject finds pods for, by their plural (core and apps, batch). */
const SELECTING = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
]);

/** kubectl's words for an object the server does not have, which name the namespace. */
async function found<T>(read: Promise<T>, namespace: string): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof ApiError && err.status.reason === 'NotFound')
      throw new Error(`error from server (NotFound): ${err.message} in namespace "${namespace}"`);
    throw err;
  }
}

/** The pod `target` names, or the selector of the Service or workload it names. */
export async function logSource(client: Client, namespace: string, target: string): Promise<LogSource> {
  const [type, name] = typeAndName(target, 'pods');
  if (PODS_TYPE.test(type))
    return { pod: await found(client.get<ServedPod>(PODS, namespace, name), namespace) };
  if (SERVICES_TYPE.test(type) || WORKLOADS.some(([re]) => re.test(type))) {
    const selected = await found(targetSelector(client, namespace, target), namespace).catch((err: Error) => {
      // The same refusal kubectl's attach says (a Service without a selector), in its logs' words.
      throw err.message.startsWith('cannot attach to ')
        ? new Error(err.message.replace('cannot attach to ', 'cannot get the logs from '))
        : err;
    });
    return { selector: selected!.selector };
  }
  // Any other type (Deployment, deployments.apps, cronjob, cm...) is looked up as kubectl's builder does.
  const def = (await serverResourceTypes(client, (t) => !!t.find(type))).find(type);
  if (!def) throw new Error(`the server doesn't have a resource type "${type}"`);
  if (SELECTING.has(def.resource) && ['', 'apps', 'batch'].includes(def.group))
    return logSource(client, namespace, `${def.resource}/${name}`);
  await found(client.get(def, def.namespaced ? namespace : undefined, name), namespace);
  const goType = `*${def.version}.${def.kind}`;
  throw new Error(`cannot get the logs from ${goType}: selector for ${goType} not implemented`);
}

const readyTime = (p: Pod) =>
  Date.parse(
    p.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime ?? '',
  ) || 0;
const createdAt = (p: Pod) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
const maxRestarts = (p: Pod) =>
  Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount));
// Go's map gives 0 for a phase it lacks, so Succeeded and Failed rank with Running.
const phaseRank = (p: Pod) => ({ Unknown: 1, Pending: 2 })[p.status?.phase as string] ?? 0;
/** Whether time `a` comes first, a zero (absent) time coming after any other, as kubectl's afterOrZero. */
const earlier = (a: number, b: number) => (a === 0 || b === 0 ? b === 0 : a < b);

/**
 * kubectl's podutils.ByLogging: the pod whose log `logs TYPE/NAME` prints comes first. Scheduled
 * before unscheduled, Running before Unknown before Pending, ready before not, ready longest, most
 * restarts, oldest.
 */
export function byLogging(a: Pod, b: Pod): number {
  const [na, nb] = [a.spec?.nodeName ?? '', b.spec?.nodeName ?? ''];
  if (na !== nb && (!na || !nb)) return na ? -1 : 1;
  if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
  if (ready(a) !== ready(b)) return ready(a) ? -1 : 1;
  if (ready(a) && readyTime(a) !== readyTime(b)) return earlier(readyTime(a), readyTime(b)) ? -1 : 1;
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  if (createdAt(a) !== createdAt(b)) return earlier(createdAt(a), createdAt(b)) ? -1 : 1;
  return 0;
}

/**
 * The pod of `source` whose log is printed, as kubectl picks it, with kubectl's remark on stderr
 * (`Found 3 pods, using pod/...`) when there were several; waits up to `waitMs` for one.
 */
export async function loggingPod(
  client: Client,
  namespace: string,
  source: LogSource,
  waitMs: number,
  note: (line: string) => void,
): Promise<ServedPod> {
  if ('pod' in source) return source.pod;
  const { pod, among } = await firstPod(client, namespace, source.selector, waitMs, byLogging);
  if (among > 1) note(`Found ${among} pods, using pod/${pod.metadata.name}`);
  return pod as ServedPod;
}
