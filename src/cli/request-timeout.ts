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

/** What kubectl's client says when a request outlasts --request-timeout. */
export const TIMED_OUT =
  'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)';

/** Runs work; 'expired' when it outlasts --request-timeout (kubectl ends a watch quietly then). */
export async function withinTimeout<T>(value: string, work: () => Promise<T>): Promise<T | 'expired'> {
  const ms = parseRequestTimeout(value);
  if (ms === 0) return work();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms);
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
