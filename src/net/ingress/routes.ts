import type { Ingress, IngressBackend } from '../../api/kinds/index.js';
import { hostMatches, type PathType, pathMatches } from './path-match.js';

/** Where a matched request goes: a Service port in the Ingress's namespace. */
export interface Route {
  namespace: string;
  ingress: string;
  backend: IngressBackend;
}

interface PathRule extends Route {
  host: string;
  path: string;
  type: PathType;
  order: number;
}

/**
 * The routing table of every Ingress served, merged as ingress-nginx merges them: a request
 * is matched against the rules of its exact host, then of a wildcard host, then of rules
 * without a host; within those, the longest matching path wins (Exact before Prefix at equal
 * length, then the older Ingress). Nothing matching: the oldest Ingress's default backend.
 */
export class RouteTable {
  /** Each host tier's rules, best first, so a request takes the first that matches. */
  private readonly exact = new Map<string, PathRule[]>();
  private readonly wildcard: PathRule[] = [];
  private readonly hostless: PathRule[] = [];
  private readonly fallback?: Route;

  /** `ingresses` in the order that breaks ties: oldest first. */
  constructor(ingresses: Ingress[]) {
    let order = 0;
    for (const ing of ingresses) {
      const namespace = ing.metadata.namespace ?? 'default';
      const ingress = ing.metadata.name ?? '';
      for (const rule of ing.spec?.rules ?? [])
        for (const p of rule.http?.paths ?? []) {
          const host = (rule.host ?? '').toLowerCase();
          const entry: PathRule = {
            namespace,
            ingress,
            backend: p.backend,
            host,
            path: p.path || '/',
            type: p.pathType === 'Exact' ? 'Exact' : 'Prefix',
            order: order++,
          };
          if (host === '') this.hostless.push(entry);
          else if (host.startsWith('*.')) this.wildcard.push(entry);
          else this.exact.set(host, [...(this.exact.get(host) ?? []), entry]);
        }
      if (!this.fallback && ing.spec?.defaultBackend)
        this.fallback = { namespace, ingress, backend: ing.spec.defaultBackend };
    }
    for (const rules of [...this.exact.values(), this.wildcard, this.hostless]) rules.sort(bestFirst);
  }

  match(host: string, path: string): Route | undefined {
    const best =
      this.exact.get(host)?.find((r) => pathMatches(r.type, r.path, path)) ??
      this.wildcard.find((r) => hostMatches(r.host, host) && pathMatches(r.type, r.path, path)) ??
      this.hostless.find((r) => pathMatches(r.type, r.path, path));
    return best ? { namespace: best.namespace, ingress: best.ingress, backend: best.backend } : this.fallback;
  }
}

/** The longest path first, Exact before Prefix at equal length, then the older Ingress. */
const bestFirst = (a: PathRule, b: PathRule) =>
  b.path.length - a.path.length ||
  Number(b.type === 'Exact') - Number(a.type === 'Exact') ||
  a.order - b.order;
