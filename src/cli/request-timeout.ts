/**
 * kubectl's --request-timeout: a bare number of seconds or a number with a unit (1s, 2m, 3h);
 * 0 waits forever.
 */
export function parseRequestTimeout(value: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(value.trim());
  if (!m)
    throw new Error(
      'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
    );
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'] ?? 1000;
  return Number(m[1]) * unit;
}

/** Runs work, failing as kubectl's client does when it outlasts --request-timeout. */
export async function withinTimeout<T>(value: string, work: () => Promise<T>): Promise<T> {
  const ms = parseRequestTimeout(value);
  if (ms === 0) return work();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
