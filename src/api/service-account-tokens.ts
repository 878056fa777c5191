import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { errors } from './errors.js';
import { timestamp } from './time.js';
import type { KubeObject } from './types.js';

const DEFAULT_EXPIRATION_S = 3600;
const MIN_EXPIRATION_S = 600;
/** The issuer and the API server's own audience, as a cluster made by kubeadm names them. */
export const API_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

interface ObjectRef {
  name: string;
  uid: string;
}

/** The claims of a bound service-account token, as Kubernetes writes them. */
export interface TokenClaims {
  aud: string[];
  exp: number; // seconds since the epoch
  iat: number;
  nbf: number;
  iss: string;
  jti: string;
  sub: string;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: ObjectRef;
    pod?: ObjectRef;
    secret?: ObjectRef;
  };
}

interface TokenRequestSpec {
  expirationSeconds?: number;
  audiences?: string[];
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

function invalid(name: string, field: string, message: string) {
  return errors.invalid('authentication.k8s.io', 'TokenRequest', name, [
    { reason: 'FieldValueInvalid', field, message },
  ]);
}

/**
 * Tokens for service accounts (the TokenRequest API, what projected serviceAccountToken volumes
 * and `kubectl create token` ask for): JWTs with Kubernetes' claims, signed (HS256) with a key
 * derived from the cluster's own token, so they verify without being stored. Whether the
 * ServiceAccount and the bound object still exist is the authenticator's to check.
 */
export class ServiceAccountTokens {
  private readonly key: Buffer;

  constructor(clusterToken: string) {
    this.key = createHmac('sha256', clusterToken).update('serviceaccount-tokens').digest();
  }

  /** Answers a TokenRequest for `sa`, bound to `bound` (the Pod or Secret the request names, looked up). */
  request(sa: KubeObject, body: unknown, now = Date.now(), bound?: KubeObject): KubeObject {
    const spec = ((body as { spec?: TokenRequestSpec } | undefined)?.spec ?? {}) as TokenRequestSpec;
    const name = sa.metadata.name ?? '';
    const seconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_S;
    if (!Number.isInteger(seconds) || seconds < MIN_EXPIRATION_S)
      throw invalid(
        name,
        'spec.expirationSeconds',
        `Invalid value: ${seconds}: may not specify a duration less than 10 minutes`,
      );
    const ref = spec.boundObjectRef;
    if (ref && !['Pod', 'Secret'].includes(ref.kind ?? ''))
      throw invalid(
        name,
        'spec.boundObjectRef.kind',
        `Unsupported value: "${ref.kind ?? ''}": supported values: "Pod", "Secret"`,
      );
    const audiences = spec.audiences?.length ? spec.audiences : [API_AUDIENCE];
    const iat = Math.floor(now / 1000);
    const exp = iat + seconds;
    const boundRef = bound && { name: bound.metadata.name!, uid: bound.metadata.uid! };
    const claims: TokenClaims = {
      aud: audiences,
      exp,
      iat,
      nbf: iat,
      iss: API_AUDIENCE,
      jti: randomUUID(),
      sub: `system:serviceaccount:${sa.metadata.namespace}:${name}`,
      'kubernetes.io': {
        namespace: sa.metadata.namespace!,
        serviceaccount: { name, uid: sa.metadata.uid! },
        ...(boundRef ? { [ref?.kind === 'Secret' ? 'secret' : 'pod']: boundRef } : {}),
      },
    };
    return {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name, namespace: sa.metadata.namespace, creationTimestamp: timestamp(new Date(now)) },
      spec: {
        audiences,
        expirationSeconds: seconds,
        ...(ref ? { boundObjectRef: { ...ref, uid: bound?.metadata.uid ?? ref.uid } } : {}),
      },
      status: { token: this.sign(claims), expirationTimestamp: timestamp(new Date(exp * 1000)) },
    };
  }

  /** The claims of a well-signed, current token meant for one of `audiences`; undefined for anything else. */
  verify(
    token: string,
    audiences: readonly string[] = [API_AUDIENCE],
    now = Date.now(),
  ): TokenClaims | undefined {
    const [header, payload, sig, ...rest] = token.split('.');
    if (!header || !payload || !sig || rest.length) return undefined;
    const want = this.mac(`${header}.${payload}`);
    const got = Buffer.from(sig, 'base64url');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
      const seconds = now / 1000;
      if (!(claims.exp > seconds) || claims.nbf > seconds + 60) return undefined;
      if (!claims.aud?.some((a) => audiences.includes(a))) return undefined;
      return claims['kubernetes.io']?.serviceaccount ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(claims: TokenClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${HEADER}.${payload}.${this.mac(`${HEADER}.${payload}`).toString('base64url')}`;
  }

  private mac(signed: string): Buffer {
    return createHmac('sha256', this.key).update(signed).digest();
  }
}
