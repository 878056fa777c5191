export interface AutoCompactOptions {
  /** How often a compaction round runs (default 60 s). */
  intervalMs?: number;
  /** How many of the latest revisions stay watchable (default 10,000). */
  retainRevisions?: number;
}

const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_RETAIN = 10_000;

/**
 * Runs `round(retain)` on a timer that does not keep the process alive, one round at a time. A
 * failed round (etcd unreachable, a SQLite lock held past its timeout) is retried at the next
 * interval: it must not end the process from a timer. Returns undefined when `opts` is false.
 */
export function startAutoCompact(
  opts: AutoCompactOptions | false | undefined,
  round: (retainRevisions: number) => void | Promise<void>,
): NodeJS.Timeout | undefined {
  if (opts === false) return undefined;
  const retain = opts?.retainRevisions ?? DEFAULT_RETAIN;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await round(retain);
    } catch (err) {
      process.emitWarning(err instanceof Error ? err : String(err), 'StoreCompactionWarning');
    } finally {
      running = false;
    }
  }, opts?.intervalMs ?? DEFAULT_INTERVAL_MS);
  timer.unref();
  return timer;
}
