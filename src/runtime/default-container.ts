import type { ServedPod } from '../api/kinds/index.js';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/**
 * The container `logs` and `exec` use when none is named, chosen as kubectl does: the one the
 * default-container annotation names, else the first. `note` is kubectl's line telling so,
 * for a pod with more than one container.
 */
export function defaultContainer(pod: ServedPod): { name?: string; note?: string } {
  const app = pod.spec.containers.map((c) => c.name);
  const init = (pod.spec.initContainers ?? []).map((c) => c.name);
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const name = annotated && [...app, ...init].includes(annotated) ? annotated : app[0];
  if (!name || app.length + init.length === 1) return { name };
  const all = [...app, ...init.map((n) => `${n} (init)`)].join(', ');
  return { name, note: `Defaulted container "${name}" out of: ${all}` };
}
