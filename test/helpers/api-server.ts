import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AdmissionChain } from '../../src/api/admission/index.js';
import type { Authorizer } from '../../src/api/auth/authorizer.js';
import { bootstrap } from '../../src/api/bootstrap.js';
import { startApiServer } from '../../src/api/http-server.js';
import { ResourceService } from '../../src/api/service.js';
import { ServiceAccountTokens } from '../../src/api/service-account-tokens.js';
import { Client, type Connection } from '../../src/client/client.js';
import { createCa, createServerCert } from '../../src/cluster/certs.js';
import { openStore } from '../../src/store/sqlite-store.js';

/** An API server alone (no controllers) in this process, with a kubeconfig for the real kubectl. */
export interface TestApiServer {
  service: ResourceService;
  tokens: ServiceAccountTokens;
  conn: Connection;
  client: Client;
  kubeconfig: string;
  stop(): Promise<void>;
}

export async function startTestApiServer(
  opts: { authorizer?: Authorizer; admission?: AdmissionChain; podNetwork?: string } = {},
): Promise<TestApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-api-'));
  const store = openStore(join(dir, 'state.db'));
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
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 't',
          cluster: {
            server: conn.server,
            'certificate-authority-data': Buffer.from(ca.cert).toString('base64'),
          },
        },
      ],
      users: [{ name: 't', user: { token } }],
      contexts: [{ name: 't', context: { cluster: 't', user: 't', namespace: 'default' } }],
      'current-context': 't',
    }),
  );
  const client = new Client(conn);
  return {
    service,
    tokens,
    conn,
    client,
    kubeconfig,
    stop: async () => {
      client.close();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
