import type Docker from 'dockerode';

/** Pulls an image (`:latest` when untagged), failing after timeoutMs: with no registry reachable a pull can hang. */
export function pull(docker: Docker, image: string, timeoutMs: number): Promise<void> {
  const name = image.split('/').pop() ?? image;
  const ref = name.includes(':') || name.includes('@') ? image : `${image}:latest`;
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
