import type Docker from 'dockerode';
import { errors } from '../api/errors.js';
import { LABEL, SANDBOX } from './labels.js';
import type { Pod } from './pod.js';

/** One Docker container of a pod, as the agent observed it. */
export interface Instance {
  id: string;
  /** The spec container's name, or POD for the sandbox. */
  name: string;
  kind: 'init' | 'app' | 'sandbox';
  attempt: number;
  state: string; // Docker's: created, running, exited, dead, ...
  exitCode: number;
  oomKilled: boolean;
  error: string;
  startedAt?: string;
  finishedAt?: string;
  imageId: string;
  hash?: string;
  ips: Record<string, string>; // network name -> address (sandbox)
  labels: Record<string, string>;
}

/** Kubernetes writes times as RFC 3339 in seconds; Docker's zero time means "never". */
export function k8sTime(t: string | undefined): string | undefined {
  if (!t || t.startsWith('0001-')) return undefined;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export function toInstance(info: Docker.ContainerInspectInfo): Instance {
  const labels = info.Config.Labels ?? {};
  const ips: Record<string, string> = {};
  for (const [net, ep] of Object.entries(info.NetworkSettings?.Networks ?? {}))
    if (ep.IPAddress) ips[net] = ep.IPAddress;
  const name = labels[LABEL.container] ?? '';
  return {
    id: info.Id,
    name,
    kind: name === SANDBOX ? 'sandbox' : labels[LABEL.kind] === 'init' ? 'init' : 'app',
    attempt: Number(labels[LABEL.attempt] ?? 0),
    state: info.State.Status,
    exitCode: info.State.ExitCode,
    oomKilled: info.State.OOMKilled,
    error: info.State.Error ?? '',
    startedAt: k8sTime(info.State.StartedAt),
    finishedAt: k8sTime(info.State.FinishedAt),
    imageId: info.Image,
    hash: labels[LABEL.hash],
    ips,
    labels,
  };
}

/** A container that has run and stopped, or could not start. */
export function hasEnded(i: Instance): boolean {
  return i.state === 'exited' || i.state === 'dead' || (i.state === 'created' && i.error !== '');
}

/** The instances of one spec container, newest run first. */
export function runsOf(instances: Instance[], name: string, kind: Instance['kind']): Instance[] {
  return instances.filter((i) => i.name === name && i.kind === kind).sort((a, b) => b.attempt - a.attempt);
}

export async function podInstances(docker: Docker, uid: string): Promise<Instance[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL.podUid}=${uid}`] } });
  const out: Instance[] = [];
  for (const c of list) {
    const info = await docker
      .getContainer(c.Id)
      .inspect()
      .catch(() => undefined);
    if (info) out.push(toInstance(info));
  }
  return out;
}

/** The container a logs or exec request means: the one named, or the pod's only/default one. */
export function chooseContainer(
  pod: Pod,
  container: string | undefined,
): { name: string; kind: 'init' | 'app' } {
  const app = pod.spec.containers.map((c) => c.name);
  const init = (pod.spec.initContainers ?? []).map((c) => c.name);
  if (container) {
    if (app.includes(container)) return { name: container, kind: 'app' };
    if (init.includes(container)) return { name: container, kind: 'init' };
    throw errors.badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (preferred && app.includes(preferred)) return { name: preferred, kind: 'app' };
  if (app.length === 1) return { name: app[0], kind: 'app' };
  throw errors.badRequest(
    `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${app.join(' ')}]${init.length ? ` or one of the init containers: [${init.join(' ')}]` : ''}`,
  );
}

/** The id of the running instance of a pod's container (exec needs one). */
export async function runningContainer(
  docker: Docker,
  pod: Pod,
  container: string | undefined,
): Promise<string> {
  const { name, kind } = chooseContainer(pod, container);
  const [current] = runsOf(await podInstances(docker, pod.metadata.uid), name, kind);
  if (current?.state !== 'running') {
    throw errors.badRequest(
      `container ${name} is not valid for pod ${pod.metadata.name}: container not running`,
    );
  }
  return current.id;
}
