import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa, createServerCert } from '../../src/cluster/certs.js';
import { writeKubeconfig } from './kubeconfig.js';

/** A request body a client sent to the probe. */
export interface CapturedRequest {
  method: string;
  path: string;
  contentType: string;
  accept: string;
  body: Buffer;
}

/** A throwaway HTTPS API endpoint that records what a client sends. */
export interface KubectlProbe {
  /** A kubeconfig file that points kubectl at the probe. */
  kubeconfig: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

function notFound(): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
    code: 404,
  });
}

/**
 * Starts a probe on 127.0.0.1 that records every request and answers a POST with 201 and a
 * small JSON object, anything else with 404: enough for kubectl to send its typed bodies.
 */
export async function startKubectlProbe(): Promise<KubectlProbe> {
  const ca = await createCa('minik8s-probe-ca');
  const serving = await createServerCert(ca, 'minik8s-probe', ['127.0.0.1']);
  const requests: CapturedRequest[] = [];
  const server: Server = createServer({ cert: serving.cert, key: serving.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        accept: req.headers.accept ?? '',
        body,
      });
      res.setHeader('Content-Type', 'application/json');
      if (req.method !== 'POST') {
        res.writeHead(404).end(notFound());
        return;
      }
      res
        .writeHead(201)
        .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: { name: 'captured' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-probe-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { url: `https://127.0.0.1:${port}`, ca: ca.cert, token: 'probe' });
  return {
    kubeconfig,
    requests,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}
