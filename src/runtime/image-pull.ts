import type Docker from 'dockerode';
import type { Container } from './pod.js';

export type ImageResult =
  | { ok: true; imageId: string; pulled: boolean }
  | { ok: false; reason: 'ErrImageNeverPull' | 'ErrImagePull'; message: string };

/** Kubernetes' default: Always for an untagged or :latest image, IfNotPresent otherwise. */
export function pullPolicy(c: Container): 'Always' | 'IfNotPresent' | 'Never' {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const ref = c.image.includes('@') ? c.image : c.image.split('/').pop()!;
  if (ref.includes('@')) return 'IfNotPresent';
  return !ref.includes(':') || ref.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

async function localImage(docker: Docker, image: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(image).inspect()).Id;
  } catch {
    return undefined;
  }
}

/**
 * Makes an image present as the pull policy asks. With no registry reachable, policy Always
 * falls back to a local copy when the pull fails (a pull that fails is otherwise ErrImagePull).
 */
export async function ensureImage(docker: Docker, c: Container, pullTimeoutMs: number): Promise<ImageResult> {
  const policy = pullPolicy(c);
  const local = await localImage(docker, c.image);
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
    await pull(docker, c.image, pullTimeoutMs);
  } catch (err) {
    if (local) return { ok: true, imageId: local, pulled: false };
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: `failed to pull and unpack image "${c.image}": ${(err as Error).message}`,
    };
  }
  const id = await localImage(docker, c.image);
  if (!id) return { ok: false, reason: 'ErrImagePull', message: `image "${c.image}" not found after pull` };
  return { ok: true, imageId: id, pulled: true };
}

function pull(docker: Docker, image: string, timeoutMs: number): Promise<void> {
  const ref = image.includes(':') || image.includes('@') ? image : `${image}:latest`;
  return new Promise((resolve, reject) => {
    let stream: NodeJS.ReadableStream | undefined;
    const timer = setTimeout(() => {
      (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
      reject(new Error(`pull timed out after ${Math.round(timeoutMs / 1000)}s`));
    }, timeoutMs);
    docker.pull(ref, {}, (err: unknown, s?: NodeJS.ReadableStream) => {
      if (err || !s) {
        clearTimeout(timer);
        return reject(err instanceof Error ? err : new Error('pull failed'));
      }
      stream = s;
      docker.modem.followProgress(s, (e: Error | null, output: { error?: string }[]) => {
        clearTimeout(timer);
        const failed = output?.find((o) => o.error);
        if (e || failed) reject(e ?? new Error(failed!.error));
        else resolve();
      });
    });
  });
}
