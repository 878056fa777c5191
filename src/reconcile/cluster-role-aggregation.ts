import { CLUSTER_ROLES } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import { labelSelectorMatcher } from '../store/selector.js';
import type { ControllerFactory } from './controller.js';
import { ignoreNotFound, isConflict } from './retry.js';

interface ClusterRole extends KubeObject {
  rules?: unknown[];
  aggregationRule?: { clusterRoleSelectors?: Parameters<typeof labelSelectorMatcher>[0][] };
}

/**
 * Kubernetes' clusterrole-aggregation controller: a ClusterRole with an aggregationRule holds the
 * rules of every ClusterRole its selectors match (in name order, each rule once), kept current as
 * roles and their labels change.
 */
export const clusterRoleAggregation: ControllerFactory = (ctx) => {
  const roles = ctx.informers.for<ClusterRole>(CLUSTER_ROLES);
  const aggregating = () => roles.list().filter((r) => r.aggregationRule?.clusterRoleSelectors?.length);
  return {
    name: 'clusterrole-aggregation',
    watches: [
      {
        def: CLUSTER_ROLES,
        // Any role's change may change what an aggregating role gathers.
        keys: (role) => [
          ...(role.aggregationRule ? [role.metadata.name!] : []),
          ...aggregating().map((r) => r.metadata.name!),
        ],
      },
    ],
    async reconcile(name) {
      const role = roles.get(undefined, name);
      const selectors = role?.aggregationRule?.clusterRoleSelectors;
      if (!role || !selectors?.length) return undefined;
      const matchers = selectors.map(labelSelectorMatcher);
      const rules: unknown[] = [];
      const seen = new Set<string>();
      const sources = roles
        .list()
        .filter((r) => r.metadata.name !== name && matchers.some((m) => m(r.metadata.labels ?? {})))
        .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
      for (const source of sources)
        for (const rule of source.rules ?? []) {
          const k = JSON.stringify(rule);
          if (!seen.has(k)) {
            seen.add(k);
            rules.push(rule);
          }
        }
      if (JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) return undefined;
      try {
        await ignoreNotFound(ctx.client.update(CLUSTER_ROLES, { ...role, rules }));
      } catch (err) {
        if (!isConflict(err)) throw err;
        return 0;
      }
      return undefined;
    },
  };
};
