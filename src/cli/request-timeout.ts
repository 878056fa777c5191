import { parseGoDuration } from '../api/time.js';

/**
 * kubectl's --request-timeout, as client-go's ParseTimeout reads it: empty for none, an integer
 * of seconds, or a Go duration (1m30s, 1.5s, 500ms); 0 or less waits forever, as Go's HTTP
 * client does with a timeout that is not positive.
 */
export function parseRequestTimeout(value: string): number {
  if (value === '') return 0;
  if (/^[+-]?\d+$/.test(value)) return Math.max(0, Number(value) * 1000);
  const sign = /^[+-]/.test(value) ? value[0] : '';
  const ms = parseGoDuration(sign ? value.slice(1) : value);
  if (ms === undefined)
    throw new Error(
      'Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
    );
  return sign === '-' ? 0 : ms;
}

// Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer timeout is as good as none.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** What kubectl's client says when a request outlasts --request-timeout. */
export const TIMED_OUT =
  'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)';

/** Runs work; 'expired' when it outlasts --request-timeout (kubectl ends a watch quietly then). */
export async function withinTimeout<T>(value: string, work: () => Promise<T>): Promise<T | 'expired'> {
  const ms = parseRequestTimeout(value);
  if (ms === 0 || ms > LONGEST_TIMER_MS) return work();
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
