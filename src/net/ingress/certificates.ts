import tls from 'node:tls';
import type { Ingress, Secret } from '../../api/kinds/index.js';
import { hostMatches } from './path-match.js';

export const TLS_SECRET_TYPE = 'kubernetes.io/tls';

/** A TLS host of an Ingress and the Secret holding its certificate. */
export interface TlsHost {
  host: string;
  namespace: string;
  secret: string;
  ingress: Ingress;
}

/** The TLS hosts of the Ingresses served, oldest Ingress first; an entry without hosts counts for every host. */
export function tlsHosts(ingresses: Ingress[]): TlsHost[] {
  return ingresses.flatMap((ingress) =>
    (ingress.spec?.tls ?? [])
      .filter((t) => t.secretName)
      .flatMap((t) =>
        (t.hosts?.length ? t.hosts : ['*']).map((host) => ({
          host: host.toLowerCase(),
          namespace: ingress.metadata.namespace ?? 'default',
          secret: t.secretName!,
          ingress,
        })),
      ),
  );
}

/** The entry a TLS client's server name picks: an exact host, then a wildcard, then an entry for every host. */
export function tlsHostFor(hosts: TlsHost[], servername: string): TlsHost | undefined {
  const name = servername.toLowerCase();
  return (
    hosts.find((h) => h.host === name) ??
    hosts.find((h) => h.host.startsWith('*.') && hostMatches(h.host, name)) ??
    hosts.find((h) => h.host === '*')
  );
}

/** The certificate and key of a kubernetes.io/tls Secret, or why it cannot serve. */
export function secretKeyPair(secret: Secret | undefined): { cert: string; key: string } | string {
  if (!secret) return 'not found';
  const cert = secret.data?.['tls.crt'];
  const key = secret.data?.['tls.key'];
  if (!cert || !key) return 'has no tls.crt and tls.key';
  return {
    cert: Buffer.from(cert, 'base64').toString('utf8'),
    key: Buffer.from(key, 'base64').toString('utf8'),
  };
}

/**
 * Secure contexts made once per Secret version, so a TLS handshake neither decodes the Secret
 * nor builds a context; a Secret that cannot serve is remembered as such (undefined) too.
 */
export class ContextCache {
  private readonly cache = new Map<string, { version: string; context?: tls.SecureContext }>();

  get(secret: Secret): tls.SecureContext | undefined {
    const id = `${secret.metadata.namespace}/${secret.metadata.name}`;
    const version = secret.metadata.resourceVersion ?? '';
    const hit = this.cache.get(id);
    if (hit && hit.version === version) return hit.context;
    const pair = secretKeyPair(secret);
    let context: tls.SecureContext | undefined;
    try {
      context = typeof pair === 'string' ? undefined : tls.createSecureContext(pair);
    } catch {
      context = undefined;
    }
    this.cache.set(id, { version, context });
    return context;
  }
}
