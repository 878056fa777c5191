import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ApiError } from '../errors.js';
import { PODS, SECRETS, SERVICE_ACCOUNTS } from '../kinds/index.js';
import type { ResourceService } from '../service.js';
import { API_AUDIENCE, type ServiceAccountTokens, type TokenClaims } from '../service-account-tokens.js';
import type { KubeObject } from '../types.js';
import { componentUser } from './component-tokens.js';
import { ANONYMOUS, AUTHENTICATED, CLUSTER_ADMIN, serviceAccountUser, type UserInfo } from './user.js';

export interface AuthenticatorOptions {
  /** The cluster's admin bearer token. */
  clusterToken: string;
  tokens: ServiceAccountTokens;
  /** Where a service-account token's ServiceAccount and bound object are looked up. */
  service: ResourceService;
}

/** What an authenticator reads of a request: its headers and, on TLS, the client's certificate. */
export interface Credentials {
  headers: IncomingHttpHeaders;
  socket: unknown;
}

/** The authenticated user, ANONYMOUS for a request with no credentials, undefined for bad ones (401). */
export type Authenticate = (req: Credentials) => Promise<UserInfo | undefined>;

export interface Authenticator {
  authenticate: Authenticate;
  /** The user a bearer token stands for, for the given audiences (TokenReview). */
  token(token: string, audiences?: readonly string[]): Promise<UserInfo | undefined>;
}

/** The user of a client certificate the cluster CA signed: CN is the name, each O a group (x509 request authenticator). */
function certificateUser(socket: unknown): UserInfo | undefined {
  const tls = socket as Partial<TLSSocket>;
  if (!tls.authorized || typeof tls.getPeerCertificate !== 'function') return undefined;
  const subject = tls.getPeerCertificate().subject as
    | { CN?: string | string[]; O?: string | string[] }
    | undefined;
  const cn = Array.isArray(subject?.CN) ? subject.CN[0] : subject?.CN;
  if (!cn) return undefined;
  const orgs = subject?.O === undefined ? [] : Array.isArray(subject.O) ? subject.O : [subject.O];
  return { name: cn, groups: [...orgs, AUTHENTICATED] };
}

/**
 * Kubernetes' union of request authenticators: a client certificate, then a bearer token (the
 * cluster's admin token, a component's token or a bound service-account token), then anonymous for a request that
 * brings neither.
 */
export function authenticator(opts: AuthenticatorOptions): Authenticator {
  const admin = Buffer.from(opts.clusterToken);
  const isAdminToken = (token: string) => {
    const got = Buffer.from(token);
    return got.length === admin.length && timingSafeEqual(got, admin);
  };
  const token = async (t: string, audiences: readonly string[] = [API_AUDIENCE]) => {
    if (isAdminToken(t)) return CLUSTER_ADMIN;
    const component = componentUser(opts.clusterToken, t);
    if (component) return component;
    const claims = opts.tokens.verify(t, audiences);
    return claims && (await boundUser(opts.service, claims));
  };
  return {
    token,
    async authenticate(req) {
      const cert = certificateUser(req.socket);
      if (cert) return cert;
      const header = req.headers.authorization;
      if (header === undefined) return ANONYMOUS;
      const [scheme, value] = header.split(' ', 2);
      if (scheme?.toLowerCase() !== 'bearer' || !value) return undefined;
      return token(value.trim());
    },
  };
}

/** Deleted past its grace: a deletion still under way keeps its tokens working, as Kubernetes'. */
const gone = (obj: KubeObject | undefined, uid: string) =>
  !obj ||
  obj.metadata.uid !== uid ||
  (obj.metadata.deletionTimestamp !== undefined &&
    Date.parse(String(obj.metadata.deletionTimestamp)) < Date.now());

async function lookup(svc: ResourceService, def: typeof PODS, namespace: string, name: string) {
  return svc.get(def, namespace, name).catch((err): KubeObject | undefined => {
    if (err instanceof ApiError && err.code === 404) return undefined;
    throw err;
  });
}

/**
 * The service account a token names, while it and the object the token is bound to exist with the
 * uids the token holds (and the bound object is not being deleted), as Kubernetes' bound token
 * validator checks.
 */
async function boundUser(svc: ResourceService, claims: TokenClaims): Promise<UserInfo | undefined> {
  const k = claims['kubernetes.io'];
  const sa = await lookup(svc, SERVICE_ACCOUNTS, k.namespace, k.serviceaccount.name);
  if (gone(sa, k.serviceaccount.uid)) return undefined;
  const extra: Record<string, string[]> = {
    'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`],
  };
  for (const [def, ref, kind] of [
    [PODS, k.pod, 'pod'],
    [SECRETS, k.secret, 'secret'],
  ] as const) {
    if (!ref) continue;
    const obj = await lookup(svc, def, k.namespace, ref.name);
    if (gone(obj, ref.uid)) return undefined;
    if (kind === 'pod') {
      extra['authentication.kubernetes.io/pod-name'] = [ref.name];
      extra['authentication.kubernetes.io/pod-uid'] = [ref.uid];
    }
  }
  return serviceAccountUser(k.namespace, k.serviceaccount.name, k.serviceaccount.uid, extra);
}
