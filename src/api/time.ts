import parseDuration from 'parse-duration';
/**
 * Kubernetes' time formats: RFC 3339 timestamps as metav1.Time and metav1.MicroTime serialize
 * them, and durations as its printers show ages (k8s.io/apimachinery/pkg/util/duration).
 */

/** metav1.Time: RFC 3339 in UTC, whole seconds. */
export function timestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** metav1.MicroTime: RFC 3339 in UTC with six fraction digits. */
export function microTimestamp(date = new Date(), micros = date.getUTCMilliseconds() * 1000): string {
  return `${date.toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}

/** HumanDuration: "5s", "2m30s", "10m", "5h", "3d4h", "120d", "2y45d". */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  // Up to a second in the future reads as now, to tolerate clock skew between machines.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Time since an RFC 3339 timestamp, or "<unknown>" when there is none (translateTimestampSince). */
export function since(timestamp: string | undefined | null, now: number = Date.now()): string {
  if (!timestamp) return '<unknown>';
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return '<unknown>';
  return humanDuration(now - at);
}

// Go's time.ParseDuration syntax, which Kubernetes' duration flags take: "1h30m", "500ms", "1.5s", "0".
const GO_DURATION = /^(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/;

/** A duration in Go's syntax, in ms (parse-duration reads it once the syntax is checked); undefined if not one. */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string' || !GO_DURATION.test(value)) return undefined;
  const ms = parseDuration(value);
  return ms === null || ms === undefined || !Number.isFinite(ms) ? undefined : ms;
}

/** time.Duration.String() of a whole number of ms, as metav1.Duration serializes: "15.012s", "1m5s", "500ms". */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  if (rest < 1000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const fraction =
    rest % 1000
      ? `.${String(rest % 1000)
          .padStart(3, '0')
          .replace(/0+$/, '')}`
      : '';
  const seconds = `${Math.floor(rest / 1000)}${fraction}s`;
  if (hours) return `${sign}${hours}h${minutes}m${seconds}`;
  return minutes ? `${sign}${minutes}m${seconds}` : `${sign}${seconds}`;
}
