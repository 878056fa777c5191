import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type tls from 'node:tls';
import { execa } from 'execa';
import { SECRETS } from '../../src/api/kinds/index.js';
import type { KubeClient } from '../../src/client/kube-client.js';
import { type CertPair, createCa, createServerCert } from '../../src/cluster/certs.js';

/** A TCP port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * A kubernetes.io/tls Secret for `host`, signed by a CA of its own (EC keys), or self-signed
 * with an RSA key as openssl makes them; what clients trust is returned.
 */
export async function tlsSecret(
  client: KubeClient,
  name: string,
  host: string,
  key: 'ec' | 'rsa' = 'ec',
): Promise<CertPair> {
  const ca = key === 'rsa' ? await rsaSelfSigned(host) : await createCa(`${name}-ca`);
  const cert = key === 'rsa' ? ca : await createServerCert(ca, host, [host]);
  await client.create(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'default' },
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from(cert.cert).toString('base64'),
      'tls.key': Buffer.from(cert.key).toString('base64'),
    },
  });
  return ca;
}

/** GET over TLS from 127.0.0.1:port naming `host` by SNI: the body and the served certificate's CN. */
export function httpsGet(
  port: number,
  path: string,
  host: string,
  ca: string,
  /** Any certificate: to see which one the server shows. */
  insecure = false,
): Promise<{ body: string; cn: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: '127.0.0.1',
          port,
          path,
          servername: host,
          ...(insecure ? { rejectUnauthorized: false } : { ca }),
          headers: { host },
          agent: false,
        },
        (res) => {
          const cn = String((res.socket as tls.TLSSocket).getPeerCertificate().subject.CN);
          let body = '';
          res.on('data', (d) => (body += d)).on('end', () => resolve({ body, cn }));
        },
      )
      .on('error', reject);
  });
}

async function rsaSelfSigned(host: string): Promise<CertPair> {
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-rsa-'));
  try {
    await execa('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=DNS:${host}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
