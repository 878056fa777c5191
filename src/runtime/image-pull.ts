import type { ContainerRuntime } from './container-runtime.js';
import type { Container } from './pod.js';

export type ImagePullResult =
  | { ok: true; imageId: string; pulled: boolean }
  | { ok: false; reason: 'ErrImageNeverPull' | 'ErrImagePull'; message: string };

/** Kubernetes' default: Always for an untagged or :latest image, IfNotPresent otherwise. */
export function pullPolicy(c: Container): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const ref = c.image.includes('@') ? c.image : c.image.split('/').pop()!;
  if (ref.includes('@')) return 'IfNotPresent';
  return !ref.includes(':') || ref.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/**
 * Makes a pod container's image present as its pull policy asks (the kubelet's image manager).
 * With no registry reachable, policy Always falls back to a local copy when the pull fails
 * (a pull that fails is otherwise ErrImagePull).
 */
export async function ensureImageExists(
  runtime: ContainerRuntime,
  c: Container,
  pullTimeoutMs: number,
): Promise<ImagePullResult> {
  const policy = pullPolicy(c);
  const local = (await runtime.imageStatus(c.image))?.id;
  if (policy === 'Never') {
    if (local) return { ok: true, imageId: local, pulled: false };
    return {
      ok: false,
      reason: 'ErrImageNeverPull',
      message: `Container image "${c.image}" is not present with pull policy of Never`,
    };
  }
  if (local && policy === 'IfNotPresent') return { ok: true, imageId: local, pulled: false };
  try {
    await runtime.pullImage(c.image, pullTimeoutMs);
  } catch (err) {
    if (local) return { ok: true, imageId: local, pulled: false };
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: `failed to pull and unpack image "${c.image}": ${(err as Error).message}`,
    };
  }
  const id = (await runtime.imageStatus(c.image))?.id;
  if (!id) return { ok: false, reason: 'ErrImagePull', message: `image "${c.image}" not found after pull` };
  return { ok: true, imageId: id, pulled: true };
}
