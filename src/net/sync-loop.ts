/**
 * Runs a level-triggered sync shortly after changes: changes arriving within `minSyncMs` join one
 * run, a change during a run asks for another after it, a failed run is tried again after
 * `retryMs`.
 */
export interface SyncLoop {
  schedule(delay?: number): void;
  close(): Promise<void>;
}

export function syncLoop(
  sync: () => Promise<void>,
  opts: { minSyncMs: number; retryMs: number; onError: (err: Error) => void },
): SyncLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const schedule = (delay = opts.minSyncMs) => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      let failed = false;
      running = sync()
        .catch((err: Error) => {
          opts.onError(err);
          failed = true;
        })
        .finally(() => {
          running = undefined;
          if (failed || again) {
            again = false;
            schedule(failed ? opts.retryMs : opts.minSyncMs);
          }
        });
    }, delay);
  };
  return {
    schedule,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
