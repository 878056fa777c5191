/**
 * The Prometheus text exposition format (version 0.0.4), as prom-client and Kubernetes' own
 * components write it, read into samples; and histogram quantiles as PromQL's
 * histogram_quantile computes them. (parse-prometheus-text-format, the npm parser, drops the
 * labels of histogram series, so every verb's buckets collapse into one.)
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function number(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** Every sample of the text; comment lines (HELP, TYPE) and lines that do not parse are skipped. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    if (m[2]) {
      LABEL.lastIndex = 0;
      for (let l = LABEL.exec(m[2]); l; l = LABEL.exec(m[2])) labels[l[1]] = unescapeLabel(l[2]);
    }
    samples.push({ name: m[1], labels, value: number(m[3]) });
  }
  return samples;
}

/** One histogram's cumulative buckets (upper bound -> count), summed over the series that match. */
export interface Histogram {
  buckets: Map<number, number>;
  count: number;
  sum: number;
}

/**
 * The histogram `name` summed over the series whose labels match `where`, grouped by the label
 * `by` (one group, keyed '', without it); undefined when the text has no such histogram.
 */
export function histograms(
  samples: Sample[],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
  by?: string,
): Map<string, Histogram> | undefined {
  const groups = new Map<string, Histogram>();
  let seen = false;
  for (const s of samples) {
    if (!s.name.startsWith(name) || !where(s.labels)) continue;
    const part = s.name.slice(name.length);
    if (part !== '_bucket' && part !== '_count' && part !== '_sum') continue;
    seen = true;
    const key = by ? (s.labels[by] ?? '') : '';
    let h = groups.get(key);
    if (!h) groups.set(key, (h = { buckets: new Map(), count: 0, sum: 0 }));
    if (part === '_bucket') {
      const le = number(s.labels.le ?? '+Inf');
      h.buckets.set(le, (h.buckets.get(le) ?? 0) + s.value);
    } else if (part === '_count') h.count += s.value;
    else h.sum += s.value;
  }
  return seen ? groups : undefined;
}

/**
 * PromQL's histogram_quantile: linear interpolation inside the bucket the rank falls in; the
 * highest finite bound when it falls in +Inf; undefined with no observations.
 */
export function histogramQuantile(q: number, h: Histogram): number | undefined {
  const bounds = [...h.buckets.keys()].sort((a, b) => a - b);
  const total = h.buckets.get(Number.POSITIVE_INFINITY) ?? h.count;
  if (!total || bounds.length === 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bound of bounds) {
    const count = h.buckets.get(bound) ?? 0;
    if (count >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket ? lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / inBucket : bound;
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** The sum of a gauge or counter over the series that match; undefined when it is absent. */
export function total(
  samples: Sample[],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): number | undefined {
  let sum: number | undefined;
  for (const s of samples) if (s.name === name && where(s.labels)) sum = (sum ?? 0) + s.value;
  return sum;
}
