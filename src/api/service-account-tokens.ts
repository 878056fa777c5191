import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from './errors.js';
import { timestamp } from './time.js';
import type { KubeObject } from './types.js';

const PREFIX = 'minik8s-sa.';
const DEFAULT_EXPIRATION_S = 3600;
const MIN_EXPIRATION_S = 600;

interface Claims {
  ns: string;
  sa: string;
  uid: string;
  exp: number; // seconds since the epoch
}

/**
 * Tokens for service accounts (the TokenRequest API, what projected serviceAccountToken volumes
 * and `kubectl create token` ask for): the claims signed with a key derived from the cluster's
 * own token, so they verify without being stored.
 */
export class ServiceAccountTokens {
  private readonly key: Buffer;

  constructor(clusterToken: string) {
    this.key = createHmac('sha256', clusterToken).update('serviceaccount-tokens').digest();
  }

  /** Answers a TokenRequest for `sa` (the ServiceAccount object). */
  request(sa: KubeObject, body: unknown, now = Date.now()): KubeObject {
    const spec = ((body as { spec?: { expirationSeconds?: number; audiences?: string[] } } | undefined)
      ?.spec ?? {}) as {
      expirationSeconds?: number;
      audiences?: string[];
    };
    const seconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_S;
    if (!Number.isInteger(seconds) || seconds < MIN_EXPIRATION_S) {
      throw errors.invalid('authentication.k8s.io', 'TokenRequest', sa.metadata.name ?? '', [
        {
          reason: 'FieldValueInvalid',
          field: 'spec.expirationSeconds',
          message: `Invalid value: ${seconds}: may not specify a duration less than 10 minutes`,
        },
      ]);
    }
    const exp = Math.floor(now / 1000) + seconds;
    const claims: Claims = { ns: sa.metadata.namespace!, sa: sa.metadata.name!, uid: sa.metadata.uid!, exp };
    return {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: {
        name: sa.metadata.name,
        namespace: sa.metadata.namespace,
        creationTimestamp: timestamp(new Date(now)),
      },
      spec: {
        audiences: spec.audiences ?? ['https://kubernetes.default.svc.cluster.local'],
        expirationSeconds: seconds,
      },
      status: { token: this.sign(claims), expirationTimestamp: timestamp(new Date(exp * 1000)) },
    };
  }

  /** The claims of a valid, unexpired token; undefined for anything else. */
  verify(token: string, now = Date.now()): Claims | undefined {
    if (!token.startsWith(PREFIX)) return undefined;
    const [payload, sig] = token.slice(PREFIX.length).split('.');
    if (!payload || !sig) return undefined;
    const want = this.mac(payload);
    const got = Buffer.from(sig, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
      return claims.exp * 1000 > now ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(claims: Claims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${PREFIX}${payload}.${this.mac(payload).toString('base64url')}`;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}
