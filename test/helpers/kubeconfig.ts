import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** Writes a kubeconfig with one context: a server, its CA, and a bearer token. */
export function writeKubeconfig(file: string, server: { url: string; ca: string; token: string }): void {
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
      users: [{ name: 'test', user: { token: server.token } }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test', namespace: 'default' } }],
      'current-context': 'test',
    }),
  );
}
