import { describe, expect, it } from 'vitest';
import { hasSeries, histogramQuantile, parsePrometheusText, sumBy, sumOf } from './prometheus-text.js';

const TEXT = `# HELP req_total Requests.
# TYPE req_total counter
req_total{verb="GET",code="200"} 3
req_total{verb="GET",code="404"} 1
req_total{verb="LIST",code="200"} 6
# TYPE lat histogram
lat_bucket{le="0.1",verb="GET"} 50
lat_bucket{le="1",verb="GET"} 90
lat_bucket{le="+Inf",verb="GET"} 100
lat_bucket{le="0.1",verb="LIST"} 0
lat_bucket{le="1",verb="LIST"} 100
lat_bucket{le="+Inf",verb="LIST"} 100
path{p="a \\"quoted\\" \\\\ value"} 1.5e3
  stamped{a="1", b="2"} 7 1700000000000
gauge_inf +Inf
`;

describe('reading the Prometheus text format', () => {
  const samples = parsePrometheusText(TEXT);

  it('reads samples with their labels, escapes undone, timestamps and special values read', () => {
    expect(sumOf(samples, 'req_total', { verb: 'GET' })).toBe(4);
    expect(sumBy(samples, 'req_total', 'code')).toEqual(
      new Map([
        ['200', 9],
        ['404', 1],
      ]),
    );
    expect(samples.find((s) => s.name === 'path')).toEqual({
      name: 'path',
      labels: { p: 'a "quoted" \\ value' },
      value: 1500,
    });
    expect(samples.find((s) => s.name === 'stamped')).toEqual({
      name: 'stamped',
      labels: { a: '1', b: '2' },
      value: 7,
    });
    expect(sumOf(samples, 'gauge_inf')).toBe(Number.POSITIVE_INFINITY);
    expect(hasSeries(samples, 'req_total')).toBe(true);
    expect(hasSeries(samples, 'absent')).toBe(false);
  });

  it('keeps each histogram series apart by its labels, `le` first or not', () => {
    const buckets = samples.filter((s) => s.name === 'lat_bucket');
    expect(buckets).toHaveLength(6);
    expect(buckets.map((b) => `${b.labels.verb} ${b.labels.le}`)).toEqual([
      'GET 0.1',
      'GET 1',
      'GET +Inf',
      'LIST 0.1',
      'LIST 1',
      'LIST +Inf',
    ]);
  });

  it('computes quantiles as histogram_quantile does, over the series summed by le', () => {
    expect(histogramQuantile(samples, 'lat', 0.5, { verb: 'GET' })).toBeCloseTo(0.1);
    expect(histogramQuantile(samples, 'lat', 0.7, { verb: 'GET' })).toBeCloseTo(0.55);
    // Past the last finite bucket, the answer is that bucket's bound.
    expect(histogramQuantile(samples, 'lat', 0.99, { verb: 'GET' })).toBe(1);
    // Both verbs: 50 of 200 under 0.1, 190 under 1.
    expect(histogramQuantile(samples, 'lat', 0.5)).toBeCloseTo(0.1 + (0.9 * 50) / 140);
    expect(histogramQuantile(samples, 'lat', 0.5, { verb: ['GET', 'LIST'] })).toBeCloseTo(
      0.1 + (0.9 * 50) / 140,
    );
    expect(histogramQuantile(samples, 'lat', 0.5, { verb: 'WATCH' })).toBeUndefined();
  });
});
