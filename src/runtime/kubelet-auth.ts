/**
 * The kubelet's webhook authentication and authorization (--authentication-token-webhook,
 * --authorization-mode=Webhook): a request's bearer token is put to the API server as a
 * TokenReview, and what it asks for as a SubjectAccessReview on this node (nodes/metrics,
 * nodes/proxy, ...). Answers are cached as the kubelet caches them: tokens 2 minutes, allowed 5
 * minutes, denied 30 seconds.
 */
import type { IncomingMessage } from 'node:http';
import { SUBJECT_ACCESS_REVIEWS, TOKEN_REVIEWS } from '../api/kinds/resources.js';
import type { KubeObject } from '../api/types.js';
import type { KubeClient } from '../client/kube-client.js';

interface Reviewed {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** Why a request is refused (status and the kubelet's text), or undefined when it may go on. */
export type KubeletCheck = (req: IncomingMessage, path: string) => Promise<Refusal | undefined>;
export interface Refusal {
  status: 401 | 403;
  message: string;
}

const TOKEN_TTL_MS = 120_000;
const ALLOWED_TTL_MS = 300_000;
const DENIED_TTL_MS = 30_000;
const MAX_ENTRIES = 1_000;

/** Kubernetes' kubelet names the subresource of a path so (pkg/kubelet/server/auth.go). */
function subresourceOf(path: string): string {
  const under = (p: string) => path === p || path.startsWith(`${p}/`);
  if (under('/stats')) return 'stats';
  if (under('/metrics')) return 'metrics';
  if (under('/logs')) return 'log';
  return 'proxy';
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

class TtlCache<T> {
  private readonly entries = new Map<string, { until: number; value: T }>();
  get(key: string, now: number): T | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    this.entries.delete(key);
    return undefined;
  }
  set(key: string, value: T, ttl: number, now: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { until: now + ttl, value });
  }
}

export function kubeletAuth(client: KubeClient, nodeName: string, now = () => Date.now()): KubeletCheck {
  const tokens = new TtlCache<Reviewed | null>();
  const decisions = new TtlCache<boolean>();
  const review = async (token: string): Promise<Reviewed | null> => {
    const cached = tokens.get(token, now());
    if (cached !== undefined) return cached;
    const answer = await client.create<
      KubeObject & { status?: { authenticated?: boolean; user?: Reviewed } }
    >(TOKEN_REVIEWS, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      metadata: {},
      spec: { token },
    });
    const user = answer.status?.authenticated && answer.status.user?.username ? answer.status.user : null;
    tokens.set(token, user, TOKEN_TTL_MS, now());
    return user;
  };
  return async (req, path) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const user = token ? await review(token) : null;
    if (!user) return { status: 401, message: 'Unauthorized\n' };
    const verb = VERBS[req.method ?? 'GET'] ?? 'get';
    const subresource = subresourceOf(path);
    const key = JSON.stringify([user.username, user.groups ?? [], verb, subresource]);
    let allowed = decisions.get(key, now());
    if (allowed === undefined) {
      const answer = await client.create<KubeObject & { status?: { allowed?: boolean } }>(
        SUBJECT_ACCESS_REVIEWS,
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          metadata: {},
          spec: {
            user: user.username,
            uid: user.uid,
            groups: user.groups,
            extra: user.extra,
            resourceAttributes: { verb, resource: 'nodes', subresource, name: nodeName },
          },
        },
      );
      allowed = answer.status?.allowed === true;
      decisions.set(key, allowed, allowed ? ALLOWED_TTL_MS : DENIED_TTL_MS, now());
    }
    return allowed
      ? undefined
      : {
          status: 403,
          message: `Forbidden (user=${user.username}, verb=${verb}, resource=nodes, subresource(s)=[${subresource}])\n`,
        };
  };
}
