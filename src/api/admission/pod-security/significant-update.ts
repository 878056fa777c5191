/**
 * Which pod updates Pod Security evaluates (pod-security-admission's isSignificantPodUpdate):
 * an update that keeps every container and image, and adds no ephemeral container, cannot make a
 * pod less secure (the rest of a pod's spec is immutable), so it is let through unchecked even
 * in a namespace whose policy the pod no longer meets.
 */
import type { KubeObject } from '../../types.js';

interface Container {
  name?: string;
  image?: string;
}

const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';

function containerChanged(
  c: Container,
  old: Container,
  annotations: Record<string, string>,
  oldAnnotations: Record<string, string>,
): boolean {
  if (c.image !== old.image) return true;
  const key = SECCOMP_CONTAINER + c.name;
  return annotations[key] !== oldAnnotations[key];
}

export function isSignificantPodUpdate(pod: KubeObject, old: KubeObject | undefined): boolean {
  if (!old) return true;
  const spec = (pod.spec ?? {}) as Record<string, Container[] | undefined>;
  const oldSpec = (old.spec ?? {}) as Record<string, Container[] | undefined>;
  const annotations = pod.metadata.annotations ?? {};
  const oldAnnotations = old.metadata.annotations ?? {};
  for (const list of ['containers', 'initContainers']) {
    const [now, before] = [spec[list] ?? [], oldSpec[list] ?? []];
    if (now.length !== before.length) return true;
    if (now.some((c, i) => containerChanged(c, before[i]!, annotations, oldAnnotations))) return true;
  }
  const oldEphemeral = oldSpec.ephemeralContainers ?? [];
  return (spec.ephemeralContainers ?? []).some((c) => {
    const was = oldEphemeral.find((o) => o.name === c.name);
    return !was || containerChanged(c, was, annotations, oldAnnotations);
  });
}
