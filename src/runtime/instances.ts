import type { ServedPod } from '../api/kinds/index.js';
import type { ContainerInfo, ContainerRuntime } from './container-runtime.js';
import { LABEL, SANDBOX } from './labels.js';

/** One container of a pod as the agent observed it: the runtime's view, read through the agent's labels. */
export interface Instance extends ContainerInfo {
  /** The spec container's name, or POD for the sandbox. */
  name: string;
  kind: 'init' | 'app' | 'sandbox';
  attempt: number;
  hash?: string;
}

export function toInstance(info: ContainerInfo): Instance {
  const name = info.labels[LABEL.container] ?? '';
  return {
    ...info,
    name,
    kind: name === SANDBOX ? 'sandbox' : info.labels[LABEL.kind] === 'init' ? 'init' : 'app',
    attempt: Number(info.labels[LABEL.attempt] ?? 0),
    hash: info.labels[LABEL.hash],
  };
}

/** A container that has run and stopped, or could not start. */
export function hasEnded(i: Instance): boolean {
  return i.state === 'exited' || (i.state === 'created' && i.error !== '');
}

/** The instances of one spec container, newest run first. */
export function runsOf(instances: Instance[], name: string, kind: Instance['kind']): Instance[] {
  return instances.filter((i) => i.name === name && i.kind === kind).sort((a, b) => b.attempt - a.attempt);
}

/**
 * Whether an app container of the pod has run: its initialization is over then, though a sidecar
 * may restart since (the kubelet's HasAnyRegularContainerStarted).
 */
export function appsBegan(pod: ServedPod, insts: Instance[]): boolean {
  return pod.spec.containers.some((c) => runsOf(insts, c.name, 'app').length > 0);
}

export function sandboxOf(insts: Instance[]): Instance | undefined {
  return runsOf(insts, SANDBOX, 'sandbox')[0];
}

/** Every container of a pod, on whichever node it runs. */
export async function podInstances(runtime: ContainerRuntime, uid: string): Promise<Instance[]> {
  return (await runtime.listContainers({ [LABEL.podUid]: uid })).map(toInstance);
}
