import { describe, expect, it } from 'vitest';
import { histogramQuantile, histograms, parsePrometheusText, total } from './prometheus-text.js';

// As prom-client writes it: `le` first, then the other labels; escapes in label values.
const TEXT = `# HELP apiserver_request_duration_seconds Response latency distribution in seconds.
# TYPE apiserver_request_duration_seconds histogram
apiserver_request_duration_seconds_bucket{le="0.1",verb="GET",resource="pods"} 90
apiserver_request_duration_seconds_bucket{le="1",verb="GET",resource="pods"} 100
apiserver_request_duration_seconds_bucket{le="+Inf",verb="GET",resource="pods"} 100
apiserver_request_duration_seconds_sum{verb="GET",resource="pods"} 4.5
apiserver_request_duration_seconds_count{verb="GET",resource="pods"} 100
apiserver_request_duration_seconds_bucket{le="0.1",verb="POST",resource="pods"} 0
apiserver_request_duration_seconds_bucket{le="1",verb="POST",resource="pods"} 5
apiserver_request_duration_seconds_bucket{le="+Inf",verb="POST",resource="pods"} 10
apiserver_request_duration_seconds_sum{verb="POST",resource="pods"} 20
apiserver_request_duration_seconds_count{verb="POST",resource="pods"} 10
# TYPE apiserver_storage_size_bytes gauge
apiserver_storage_size_bytes{storage_cluster_id="a \\"quoted\\" id"} 2048 1700000000000
`;

describe('Prometheus text', () => {
  const samples = parsePrometheusText(TEXT);

  it('keeps every series with its labels, escapes read', () => {
    expect(samples).toHaveLength(11);
    expect(samples.at(-1)).toEqual({
      name: 'apiserver_storage_size_bytes',
      labels: { storage_cluster_id: 'a "quoted" id' },
      value: 2048,
    });
    expect(total(samples, 'apiserver_storage_size_bytes')).toBe(2048);
    expect(total(samples, 'absent')).toBeUndefined();
  });

  it('computes quantiles by verb as histogram_quantile does', () => {
    const byVerb = histograms(samples, 'apiserver_request_duration_seconds', () => true, 'verb')!;
    expect([...byVerb.keys()]).toEqual(['GET', 'POST']);
    expect(histogramQuantile(0.5, byVerb.get('GET')!)).toBeCloseTo(0.0556, 3);
    expect(histogramQuantile(0.99, byVerb.get('GET')!)).toBeCloseTo(0.91, 3);
    // Past the highest finite bound, the quantile is that bound.
    expect(histogramQuantile(0.99, byVerb.get('POST')!)).toBe(1);
    expect(histograms(samples, 'scheduler_scheduling_attempt_duration_seconds')).toBeUndefined();
  });
});
