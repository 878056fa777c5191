/**
 * Reading Prometheus' text exposition format (what /metrics answers) and the sums and quantiles
 * a quick look at it needs, as PromQL's sum() and histogram_quantile() compute them. The npm
 * parser (parse-prometheus-text-format) folds histogram series of different labels into one.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const unescapeLabel = (v: string) => v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = unescapeLabel(l[2]);
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

export type LabelFilter = Record<string, string>;

const matches = (s: Sample, name: string, filter: LabelFilter) =>
  s.name === name && Object.entries(filter).every(([k, v]) => s.labels[k] === v);

/** sum(name{filter}) */
export function sumOf(samples: Sample[], name: string, filter: LabelFilter = {}): number {
  let total = 0;
  for (const s of samples) if (matches(s, name, filter)) total += s.value;
  return total;
}

/** sum by (label) (name{filter}) */
export function sumBy(
  samples: Sample[],
  name: string,
  label: string,
  filter: LabelFilter = {},
): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples)
    if (matches(s, name, filter))
      out.set(s.labels[label] ?? '', (out.get(s.labels[label] ?? '') ?? 0) + s.value);
  return out;
}

/**
 * histogram_quantile(q, sum by (le) (name_bucket{filter})): the bucket the q-th observation
 * falls in, interpolated linearly within it; undefined without observations.
 */
export function histogramQuantile(
  samples: Sample[],
  name: string,
  q: number,
  filter: LabelFilter = {},
): number | undefined {
  const buckets = [...sumBy(samples, `${name}_bucket`, 'le', filter)]
    .map(([le, count]) => ({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), count }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (!total) return undefined;
  const rank = q * total;
  let prev = { le: 0, count: 0 };
  for (const b of buckets) {
    if (b.count >= rank) {
      // Past the last finite bound, Prometheus answers that bound.
      if (b.le === Number.POSITIVE_INFINITY) return prev.le;
      const inBucket = b.count - prev.count;
      return inBucket ? prev.le + ((b.le - prev.le) * (rank - prev.count)) / inBucket : b.le;
    }
    prev = b;
  }
  return prev.le;
}
