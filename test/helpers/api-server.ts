import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdmissionChain } from '../../src/api/admission/index.js';
import type { Authorizer } from '../../src/api/auth/authorizer.js';
import { bootstrap } from '../../src/api/bootstrap.js';
import { startApiServer } from '../../src/api/http-server.js';
import { ResourceService } from '../../src/api/service.js';
import { ServiceAccountTokens } from '../../src/api/service-account-tokens.js';
import { Client, type Connection } from '../../src/client/client.js';
import { createCa, createServerCert } from '../../src/cluster/certs.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { writeKubeconfig } from './kubeconfig.js';

/** An API server alone (no controllers) in this process, with a kubeconfig for the real kubectl. */
export interface TestApiServer {
  service: ResourceService;
  tokens: ServiceAccountTokens;
  conn: Connection;
  client: Client;
  kubeconfig: string;
  /** A raw HTTPS request, as the cluster admin unless a token is given. */
  http(method: string, path: string, opts?: HttpOptions): Promise<HttpAnswer>;
  stop(): Promise<void>;
}

export interface HttpOptions {
  headers?: Record<string, string>;
  token?: string;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function httpsRequest(
  conn: Connection,
  method: string,
  path: string,
  opts: HttpOptions,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${conn.server}${path}`,
      {
        method,
        ca: conn.ca,
        headers: { authorization: `Bearer ${opts.token ?? conn.token}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        // A response the server cut off rather than ended.
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface TestApiServerOptions {
  authorizer?: Authorizer;
  admission?: AdmissionChain;
  podNetwork?: string;
  /** The store the server uses, made from its SQLite store: a test's stand-in for a failing backend. */
  wrapStore?: (store: Store) => Store;
}

export async function startTestApiServer(opts: TestApiServerOptions = {}): Promise<TestApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-api-'));
  const sqlite = openStore(join(dir, 'state.db'));
  const store = opts.wrapStore ? opts.wrapStore(sqlite) : sqlite;
  const service = new ResourceService(store, opts.admission);
  await bootstrap(service);
  const ca = await createCa('minik8s-api-test-ca');
  const serving = await createServerCert(ca, 'minik8s', ['127.0.0.1']);
  const token = randomBytes(16).toString('hex');
  const tokens = new ServiceAccountTokens(token);
  const server = await startApiServer({
    service,
    token,
    tokens,
    cert: serving.cert,
    key: serving.key,
    hosts: ['127.0.0.1'],
    port: 0,
    authorizer: opts.authorizer,
    podNetwork: opts.podNetwork,
  });
  const conn = { server: `https://127.0.0.1:${server.port}`, ca: ca.cert, token };
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { url: conn.server, ca: ca.cert, token });
  const client = new Client(conn);
  return {
    service,
    tokens,
    conn,
    client,
    kubeconfig,
    http: (method, path, opts = {}) => httpsRequest(conn, method, path, opts),
    stop: async () => {
      client.close();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
