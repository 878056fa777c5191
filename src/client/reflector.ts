import { ApiError } from '../api/errors.js';
import type { Status, WatchEvent } from '../api/types.js';
import { type Clock, realClock } from './clock.js';
import type { WatchHandle } from './kube-client.js';

/** Starts one watch stream from a resourceVersion; the reflector calls it again to resume. */
export type StartWatch<T> = (
  resourceVersion: string | undefined,
  onEvent: (ev: WatchEvent<T>) => void,
) => WatchHandle;

export interface FollowOptions {
  signal?: AbortSignal;
  clock?: Clock;
  /** A stream that ends sooner than this after it started is resumed only after this long. */
  minStreamMs?: number;
  /** Called with each new stream, so the caller can stop it. */
  onStream?: (h: WatchHandle) => void;
  /** Where an event carries its resourceVersion (a Table event: in its row's object). */
  revisionOf?: (ev: WatchEvent<unknown>) => string | undefined;
}

const objectRevision = (ev: WatchEvent<unknown>) =>
  (ev.object as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;

export function isExpired(err: unknown): boolean {
  return (
    err instanceof ApiError &&
    (err.code === 410 || err.status.reason === 'Expired' || err.status.reason === 'Gone')
  );
}

/**
 * Follows a watch across the server's timeouts and dropped streams, resuming each time from
 * the last resourceVersion seen (BOOKMARKs included). Returns when the signal aborts; throws
 * the ApiError of an ERROR event (410 Expired means the caller must list again) or of a
 * refused watch. `onEvent` gets every event but BOOKMARKs and ERRORs.
 */
export async function followWatch<T>(
  start: StartWatch<T>,
  resourceVersion: string | undefined,
  onEvent: (ev: WatchEvent<T>) => void,
  opts: FollowOptions = {},
): Promise<void> {
  const clock = opts.clock ?? realClock;
  const minStreamMs = opts.minStreamMs ?? 1000;
  let rv = resourceVersion;
  while (!opts.signal?.aborted) {
    let error: ApiError | undefined;
    const startedAt = clock.now();
    const handle = start(rv, (ev) => {
      if (ev.type === 'ERROR') {
        error = new ApiError(ev.object as unknown as Status);
        handle.stop();
        return;
      }
      const objRv = (opts.revisionOf ?? objectRevision)(ev);
      if (objRv) rv = objRv;
      if (ev.type !== 'BOOKMARK') onEvent(ev);
    });
    opts.onStream?.(handle);
    const abort = () => handle.stop();
    opts.signal?.addEventListener('abort', abort, { once: true });
    try {
      await handle.done;
    } finally {
      opts.signal?.removeEventListener('abort', abort);
    }
    if (error) throw error;
    const ranMs = clock.now() - startedAt;
    if (ranMs < minStreamMs) await clock.sleep(minStreamMs - ranMs, opts.signal);
  }
}
