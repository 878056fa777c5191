import { ApiError } from '../../errors.js';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, RBAC_GROUP } from '../../kinds/index.js';
import type { ResourceService } from '../../service.js';
import type { KubeObject } from '../../types.js';
import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
  BOOTSTRAP_CLUSTER_ROLES,
  type BootstrapRole,
} from './bootstrap-policy.js';

const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';
const BOOTSTRAPPING = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function clusterRole(role: BootstrapRole): KubeObject {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name: role.name,
      labels: { ...BOOTSTRAPPING, ...role.labels },
      annotations: { [AUTOUPDATE]: 'true' },
    },
    ...(role.aggregateFrom
      ? {
          aggregationRule: {
            clusterRoleSelectors: role.aggregateFrom.map((label) => ({ matchLabels: { [label]: 'true' } })),
          },
        }
      : {}),
    rules: role.rules,
  };
}

/**
 * Makes the default cluster roles and bindings, and puts back what a restart finds changed in
 * them unless their autoupdate annotation is "false", as the API server's RBAC reconciliation does.
 * Aggregated roles' rules are the aggregation controller's: only their selectors are put back.
 */
export async function ensureBootstrapPolicy(svc: ResourceService): Promise<void> {
  for (const role of BOOTSTRAP_CLUSTER_ROLES) {
    const want = clusterRole(role);
    await ensure(svc, CLUSTER_ROLES, want, (cur) =>
      role.aggregateFrom ? same(cur.aggregationRule, want.aggregationRule) : same(cur.rules, want.rules),
    );
  }
  for (const b of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) {
    const want: KubeObject = {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: b.name, labels: BOOTSTRAPPING, annotations: { [AUTOUPDATE]: 'true' } },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: b.role },
      // A binding of no one has no subjects field (one put back loses those it had).
      subjects: b.subjects.length ? b.subjects.map((s) => ({ ...s, apiGroup: RBAC_GROUP })) : undefined,
    };
    await ensure(svc, CLUSTER_ROLE_BINDINGS, want, (cur) => same(cur.subjects, want.subjects));
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

async function ensure(
  svc: ResourceService,
  def: typeof CLUSTER_ROLES,
  want: KubeObject,
  current: (cur: KubeObject) => boolean,
): Promise<void> {
  const name = want.metadata.name!;
  const cur = await svc.get(def, undefined, name).catch((err) => {
    if (err instanceof ApiError && err.code === 404) return undefined;
    throw err;
  });
  if (!cur) {
    await svc.create(def, undefined, want);
    return;
  }
  if (cur.metadata.annotations?.[AUTOUPDATE] === 'false' || current(cur)) return;
  const { metadata, ...body } = want;
  const keep =
    def === CLUSTER_ROLES && (want as { aggregationRule?: unknown }).aggregationRule
      ? { rules: cur.rules }
      : {};
  await svc.update(def, undefined, name, { ...cur, ...body, ...keep, metadata: cur.metadata });
}
