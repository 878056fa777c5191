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
  private readonly rules: PathRule[] = [];
  private readonly fallback?: Route;

  /** `ingresses` in the order that breaks ties: oldest first. */
  constructor(ingresses: Ingress[]) {
    let order = 0;
    for (const ing of ingresses) {
      const namespace = ing.metadata.namespace ?? 'default';
      const ingress = ing.metadata.name ?? '';
      for (const rule of ing.spec?.rules ?? [])
        for (const p of rule.http?.paths ?? [])
          this.rules.push({
            namespace,
            ingress,
            backend: p.backend,
            host: (rule.host ?? '').toLowerCase(),
            path: p.path || '/',
            type: p.pathType === 'Exact' ? 'Exact' : 'Prefix',
            order: order++,
          });
      if (!this.fallback && ing.spec?.defaultBackend)
        this.fallback = { namespace, ingress, backend: ing.spec.defaultBackend };
    }
  }

  match(host: string, path: string): Route | undefined {
    const tiers = [
      (r: PathRule) => r.host !== '' && !r.host.startsWith('*.') && r.host === host,
      (r: PathRule) => r.host.startsWith('*.') && hostMatches(r.host, host),
      (r: PathRule) => r.host === '',
    ];
    for (const inTier of tiers) {
      const best = this.rules
        .filter((r) => inTier(r) && pathMatches(r.type, r.path, path))
        .sort(
          (a, b) =>
            b.path.length - a.path.length ||
            Number(b.type === 'Exact') - Number(a.type === 'Exact') ||
            a.order - b.order,
        )[0];
      if (best) return { namespace: best.namespace, ingress: best.ingress, backend: best.backend };
    }
    return this.fallback;
  }
}
