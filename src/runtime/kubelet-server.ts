/**
 * The node agent's own HTTP endpoint, on the kubelet's port at the node's address: /metrics
 * (the agent process's registry), /metrics/cadvisor (its pods' containers) and /healthz. The
 * API server reaches it as nodes/NAME/proxy/...; it serves nothing that changes the node, and
 * nothing but /healthz to a caller the API server does not say may have it (kubelet-auth.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { cadvisorText } from './cadvisor-metrics.js';
import type { ContainerRuntime } from './container-runtime.js';
import type { KubeletCheck } from './kubelet-auth.js';
import { SandboxNetworks } from './sandbox-networks.js';

export interface KubeletServerOptions {
  host: string;
  port: number;
  runtime: Pick<ContainerRuntime, 'listContainers' | 'stats'>;
  /** The labels of this node's pod containers. */
  podLabels: Record<string, string>;
  /** How old a reading of the pods' network may be before a scrape starts the next (housekeepingIntervalMs). */
  networkMaxAgeMs: number;
  /** Who may ask for what: every path but /healthz is refused to whom it says no. */
  check: KubeletCheck;
  log: (message: string) => void;
}

export interface KubeletServer {
  port: number;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startKubeletServer(opts: KubeletServerOptions): Promise<KubeletServer> {
  const networks = new SandboxNetworks(opts.runtime, opts.networkMaxAgeMs);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://kubelet').pathname.replace(/\/+$/, '');
    const serve = async () => {
      if (path === '/healthz') return send(res, 200, 'text/plain', 'ok');
      const refusal = await opts.check(req, path);
      if (refusal) return send(res, refusal.status, 'text/plain', refusal.message);
      if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed\n');
      if (path === '/metrics') return send(res, 200, register.contentType, await register.metrics());
      if (path === '/metrics/cadvisor')
        return send(
          res,
          200,
          register.contentType,
          await cadvisorText(opts.runtime, opts.podLabels, networks),
        );
      send(res, 404, 'text/plain', '404 page not found\n');
    };
    serve().catch((err: Error) => {
      opts.log(`serving ${path}: ${err.message}`);
      if (!res.headersSent) send(res, 500, 'text/plain', `${err.message}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
