import type { Container } from '../api/kinds/index.js';
import type { ContainerRuntime } from './container-runtime.js';

export type ImagePullResult =
  | { ok: true; image: string; imageId: string; pulled: boolean; size?: number }
  | { ok: false; reason: 'ErrImageNeverPull' | 'ErrImagePull' | 'InvalidImageName'; message: string };

/** Kubernetes' default: Always for an untagged or :latest image, IfNotPresent otherwise. */
function pullPolicy(
  image: string,
  policy: Container['imagePullPolicy'],
): 'Always' | 'IfNotPresent' | 'Never' {
  if (policy) return policy;
  const ref = image.includes('@') ? image : image.split('/').pop()!;
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
  /** Called when a pull starts (not when the image is used as it is). */
  pulling?: () => void,
): Promise<ImagePullResult> {
  const { image } = c;
  // The schema lets a container leave its image out (templates may); the kubelet refuses to run one.
  if (!image)
    return {
      ok: false,
      reason: 'InvalidImageName',
      message: `Failed to apply default image tag "": couldn't parse image name "": invalid reference format`,
    };
  const policy = pullPolicy(image, c.imagePullPolicy);
  const local = (await runtime.imageStatus(image))?.id;
  if (policy === 'Never') {
    if (local) return { ok: true, image, imageId: local, pulled: false };
    return {
      ok: false,
      reason: 'ErrImageNeverPull',
      message: `Container image "${image}" is not present with pull policy of Never`,
    };
  }
  if (local && policy === 'IfNotPresent') return { ok: true, image, imageId: local, pulled: false };
  pulling?.();
  try {
    await runtime.pullImage(image, pullTimeoutMs);
  } catch (err) {
    if (local) return { ok: true, image, imageId: local, pulled: false };
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: `failed to pull and unpack image "${image}": ${(err as Error).message}`,
    };
  }
  const info = await runtime.imageStatus(image);
  if (!info) return { ok: false, reason: 'ErrImagePull', message: `image "${image}" not found after pull` };
  return { ok: true, image, imageId: info.id, pulled: true, size: info.size };
}
