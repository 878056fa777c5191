import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** Writes a kubeconfig with one context: a server, its CA, and a bearer token or a client certificate. */
export function writeKubeconfig(
  file: string,
  server: { url: string; ca: string; token?: string; clientCert?: { cert: string; key: string } },
): void {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const user = server.clientCert
    ? {
        'client-certificate-data': b64(server.clientCert.cert),
        'client-key-data': b64(server.clientCert.key),
      }
    : { token: server.token };
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'test',
          cluster: {
            server: server.url,
            'certificate-authority-data': Buffer.from(server.ca).toString('base64'),
          },
        },
      ],
      users: [{ name: 'test', user }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test', namespace: 'default' } }],
      'current-context': 'test',
    }),
  );
}
