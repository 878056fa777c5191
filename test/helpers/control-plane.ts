import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Connection } from '../../src/client/client.js';
import { type CertPair, createCa, createServerCert } from '../../src/cluster/certs.js';
import {
  type ControlPlane,
  type ControlPlaneOptions,
  startControlPlane,
} from '../../src/server/control-plane.js';

/** A control plane in this process, on a free port, with its own state folder. */
export interface InProcessControlPlane {
  cp: ControlPlane;
  conn: Connection;
  client: Client;
  stateDir: string;
  /** The cluster CA, to sign client certificates with. */
  ca: CertPair;
  stop(): Promise<void>;
}

export async function startInProcess(
  stateDir = mkdtempSync(join(tmpdir(), 'minik8s-cp-')),
  extra: Partial<ControlPlaneOptions> = {},
): Promise<InProcessControlPlane> {
  const ca = await createCa('minik8s-test-ca');
  const server = await createServerCert(ca, 'minik8s', ['127.0.0.1', 'localhost']);
  const token = randomBytes(16).toString('hex');
  const cp = await startControlPlane({
    stateDir,
    host: '127.0.0.1',
    port: 0,
    tlsCert: server.cert,
    tlsKey: server.key,
    token,
    caCert: ca.cert,
    ...extra,
  });
  const conn = { server: `https://127.0.0.1:${cp.port}`, ca: ca.cert, token };
  const client = new Client(conn);
  return {
    cp,
    conn,
    client,
    stateDir,
    ca,
    stop: async () => {
      client.close();
      await cp.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
