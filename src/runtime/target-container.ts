import { errors } from '../api/errors.js';
import type { ServedPod } from '../api/kinds/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import { podInstances, runsOf } from './instances.js';

/** The container a logs or exec request means: the one named, or the pod's only/default one. */
export function chooseContainer(
  pod: ServedPod,
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
  runtime: ContainerRuntime,
  pod: ServedPod,
  container: string | undefined,
): Promise<string> {
  const { name, kind } = chooseContainer(pod, container);
  const [current] = runsOf(await podInstances(runtime, pod.metadata.uid), name, kind);
  if (current?.state !== 'running') {
    throw errors.badRequest(
      `container ${name} is not valid for pod ${pod.metadata.name}: container not running`,
    );
  }
  return current.id;
}
