/**
 * /metrics: every metric of this process in Prometheus' text format. Each part of the process
 * registers its metrics in prom-client's one default registry, so there is one registry a
 * process, as in a Kubernetes component.
 */
import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, register } from 'prom-client';

let processMetrics = false;

/** process_* and nodejs_* (CPU, memory, file descriptors, event-loop lag, GC), once a process. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  // prom-client samples event-loop delay on a 10 ms timer by default: a hundred wake-ups a
  // second, most of an idle node agent's CPU and a good part of an idle control plane's. Once a
  // second, a stall shows in the delay figures in proportion to its length (one of 100 ms about
  // a tenth of the time); nothing in minik8s reads them, and a process that stalls often still
  // shows it.
  collectDefaultMetrics({ eventLoopMonitoringPrecision: 1000 });
}

export async function serveMetricsText(res: ServerResponse): Promise<void> {
  const text = await register.metrics();
  res.writeHead(200, { 'Content-Type': register.contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
