/**
 * Reading Prometheus' text exposition format (what /metrics answers) and the sums and quantiles
 * a look at it needs, as PromQL's sum() and histogram_quantile() compute them. Every series
 * keeps its own labels, histogram buckets included: the npm parser
 * (parse-prometheus-text-format) folds histogram series of different labels into one, so every
 * verb's buckets would collapse into one.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;
const unescapeLabel = (v: string) => v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** Go's and prom-client's spellings of the special values, which Number() does not read. */
const SPECIAL: Record<string, number> = {
  '+Inf': Number.POSITIVE_INFINITY,
  '-Inf': Number.NEGATIVE_INFINITY,
  NaN: Number.NaN,
};

/** Every sample of the text; comment lines (HELP, TYPE) and lines that do not parse are skipped. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = unescapeLabel(l[2]);
    samples.push({ name: m[1], labels, value: SPECIAL[m[3]] ?? Number(m[3]) });
  }
  return samples;
}

/** Label matchers: a value is `label="value"`, a list of values `label=~"a|b"`. */
export type LabelFilter = Record<string, string | readonly string[]>;

const matches = (s: Sample, name: string, filter: LabelFilter) =>
  s.name === name &&
  Object.entries(filter).every(([k, v]) =>
    typeof v === 'string' ? s.labels[k] === v : v.includes(s.labels[k] ?? ''),
  );

/** sum(name{filter}) */
export function sumOf(samples: Sample[], name: string, filter: LabelFilter = {}): number {
  let total = 0;
  for (const s of samples) if (matches(s, name, filter)) total += s.value;
  return total;
}

/** Whether the text has a series of `name` at all (a gauge that is 0 differs from one not served). */
export const hasSeries = (samples: Sample[], name: string): boolean => samples.some((s) => s.name === name);

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
    .map(([le, count]) => ({ le: SPECIAL[le] ?? Number(le), count }))
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
