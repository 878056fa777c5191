/**
 * Kubernetes' PodSecurity admission: a namespace's `pod-security.kubernetes.io/<mode>` labels
 * name the Pod Security Standard its pods must meet. `enforce` refuses a pod that fails it,
 * `warn` answers with a Warning header kubectl prints; workloads that make pods are only warned
 * about, at their enforce and warn levels, as Kubernetes does. Updates are checked as creates,
 * but for a pod update that changes nothing a check reads (see significant-update.ts).
 */
import { ApiError, errors } from '../../errors.js';
import {
  CRON_JOBS,
  DAEMON_SETS,
  DEPLOYMENTS,
  JOBS,
  type KindDef,
  NAMESPACES,
  PODS,
  REPLICA_SETS,
  REPLICATION_CONTROLLERS,
  STATEFUL_SETS,
} from '../../kinds/index.js';
import type { KubeObject } from '../../types.js';
import type { AdmissionPlugin, AdmissionRequest } from '../chain.js';
import { type Level, type PodSpec, violations } from './checks.js';
import { LEVELS, PREFIX, validateNamespace } from './namespace.js';
import { isSignificantPodUpdate } from './significant-update.js';

interface Policy {
  level: Level;
  version: string;
}

/** A missing or unknown level reads as privileged (allows all), as Kubernetes' default policy. */
function policy(labels: Record<string, string>, mode: 'enforce' | 'warn'): Policy {
  const level = labels[PREFIX + mode] as Level;
  return {
    level: LEVELS.includes(level) ? level : 'privileged',
    version: labels[`${PREFIX}${mode}-version`] || 'latest',
  };
}

const label = (p: Policy) => `${p.level}:${p.version}`;

const TEMPLATES = new Map<KindDef, (o: any) => PodSpec | undefined>([
  ...[DEPLOYMENTS, REPLICA_SETS, STATEFUL_SETS, DAEMON_SETS, JOBS, REPLICATION_CONTROLLERS].map(
    (def) => [def, (o: any) => o.spec?.template?.spec] as [KindDef, (o: any) => PodSpec | undefined],
  ),
  [CRON_JOBS, (o: any) => o.spec?.jobTemplate?.spec?.template?.spec],
]);

async function namespaceLabels(req: AdmissionRequest): Promise<Record<string, string>> {
  try {
    return (await req.service.get(NAMESPACES, undefined, req.namespace!)).metadata.labels ?? {};
  } catch (err) {
    if (err instanceof ApiError && err.code === 404) return {};
    throw err;
  }
}

function specOf(req: AdmissionRequest): PodSpec | undefined {
  if (req.def === PODS) return req.object.spec as PodSpec;
  return TEMPLATES.get(req.def)?.(req.object as KubeObject);
}

async function validate(req: AdmissionRequest): Promise<void> {
  const spec = specOf(req);
  if (!spec) return;
  const labels = await namespaceLabels(req);
  const enforce = policy(labels, 'enforce');
  const warn = policy(labels, 'warn');
  const warned = new Set<string>();
  if (enforce.level !== 'privileged') {
    const failed = violations(enforce.level, spec);
    if (failed && req.def === PODS)
      throw errors.forbidden(
        { kind: 'pods', name: req.name },
        `violates PodSecurity "${label(enforce)}": ${failed}`,
      );
    if (failed) warned.add(`would violate PodSecurity "${label(enforce)}": ${failed}`);
  }
  if (warn.level !== 'privileged' && label(warn) !== label(enforce)) {
    const failed = violations(warn.level, spec);
    if (failed) warned.add(`would violate PodSecurity "${label(warn)}": ${failed}`);
  }
  req.warnings?.push(...warned);
}

export const podSecurity: AdmissionPlugin = {
  name: 'PodSecurity',
  validate(req) {
    if (req.subresource) return undefined;
    if (req.def === NAMESPACES && req.operation !== 'DELETE') return validateNamespace(req);
    if (req.operation === 'DELETE' || !req.namespace) return undefined;
    if (req.def === PODS && req.operation === 'UPDATE' && !isSignificantPodUpdate(req.object, req.oldObject))
      return undefined;
    return req.def === PODS || TEMPLATES.has(req.def) ? validate(req) : undefined;
  },
};
