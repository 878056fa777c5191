import { describe, expect, it } from 'vitest';
import { summarize } from './health-summary.js';
import { parsePrometheusText } from './prometheus-text.js';

// Ten GETs of pods within 5 ms, and one followed log of pods that streamed for a minute.
const text = `
apiserver_request_total{verb="GET",resource="pods",subresource="",code="200"} 10
apiserver_request_total{verb="GET",resource="pods",subresource="log",code="200"} 1
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",subresource="",le="0.005"} 10
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",subresource="",le="60"} 10
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",subresource="",le="+Inf"} 10
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",subresource="log",le="0.005"} 0
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",subresource="log",le="60"} 1
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",subresource="log",le="+Inf"} 1
`;

describe('the health summary', () => {
  it('leaves streams (a followed log) out of the API call latency, and counts them as requests', () => {
    const summary = summarize({ api: parsePrometheusText(text), node: [], scraped: 0, nodes: 0 }, 60);
    const get = summary.verbs.find((v) => v.verb === 'GET');
    expect(get?.requests).toBe(11);
    expect(get?.p99).toBeLessThanOrEqual(0.005);
  });
});
