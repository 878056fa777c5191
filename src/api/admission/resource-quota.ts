/**
 * Kubernetes' ResourceQuota admission: a new object whose cost would take a quota of its
 * namespace past `status.hard` is refused; an admitted one is charged to `status.used` at once,
 * so that the next write sees it before the quota controller recounts. An update of a kind whose
 * cost can change (a Service's type, a claim's storage) is charged what it adds.
 */
import { ApiError, errors } from '../errors.js';
import {
  EVENTS,
  PERSISTENT_VOLUME_CLAIMS,
  PODS,
  RESOURCE_QUOTAS,
  type ResourceQuota,
  SERVICES,
} from '../kinds/index.js';
import { addQuantities, compareQuantities } from '../schema/quantity.js';
import type { AdmissionPlugin, AdmissionRequest } from './chain.js';
import { quotaTracks, scopedResource } from './quota-scopes.js';
import {
  CONTAINER_CONSTRAINED,
  formatUsage,
  growth,
  prettyPrint,
  quantityOf,
  type Usage,
  usageOf,
} from './quota-usage.js';

interface Container {
  name: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** Pods' Constraints: a quota on cpu or memory makes every container state it. */
function missingCompute(quota: ResourceQuota, req: AdmissionRequest): string | undefined {
  const required = Object.keys(quota.status?.hard ?? {}).filter((n) => CONTAINER_CONSTRAINED.includes(n));
  if (!required.length) return undefined;
  const spec = req.object.spec as { containers?: Container[]; initContainers?: Container[] };
  const missing = new Map<string, Set<string>>();
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const has = new Set<string>();
    for (const name of Object.keys(c.resources?.requests ?? {})) has.add(name).add(`requests.${name}`);
    for (const name of Object.keys(c.resources?.limits ?? {})) has.add(`limits.${name}`);
    for (const name of required.filter((n) => !has.has(n)))
      missing.set(name, (missing.get(name) ?? new Set()).add(c.name));
  }
  if (!missing.size) return undefined;
  return `must specify ${[...missing.keys()]
    .sort()
    .map((n) => `${n} for: ${[...missing.get(n)!].sort().join(',')}`)
    .join('; ')}`;
}

/** The quota's new `used`, or the refusal. */
function charge(
  quota: ResourceQuota,
  req: AdmissionRequest,
  usage: Usage,
): Record<string, string> | undefined {
  const hard = (quota.status?.hard ?? {}) as Record<string, string>;
  const used = (quota.status?.used ?? {}) as Record<string, string>;
  const refuse = (message: string) =>
    errors.forbidden({ kind: req.def.resource, group: req.def.group, name: req.name }, message);
  if (req.def === PODS) {
    const missing = missingCompute(quota, req);
    if (missing) throw refuse(`failed quota: ${quota.metadata.name}: ${missing}`);
  }
  const relevant = Object.keys(hard).filter((n) => usage.has(n) && scopedResource(quota, n));
  if (!relevant.length) return undefined;
  const unknown = relevant.filter((n) => used[n] === undefined);
  if (unknown.length)
    throw refuse(`status unknown for quota: ${quota.metadata.name}, resources: ${unknown.sort().join(',')}`);
  const next: Record<string, string> = { ...used };
  const failed: {
    requested: Record<string, string>;
    used: Record<string, string>;
    hard: Record<string, string>;
  } = {
    requested: {},
    used: {},
    hard: {},
  };
  for (const name of relevant) {
    const total = addQuantities(quantityOf(used[name]), usage.get(name)!);
    next[name] = formatUsage(total);
    if (compareQuantities(total, quantityOf(hard[name])) > 0) {
      failed.requested[name] = formatUsage(usage.get(name)!);
      failed.used[name] = used[name];
      failed.hard[name] = hard[name];
    }
  }
  if (Object.keys(failed.hard).length)
    throw refuse(
      `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(failed.requested)}, used: ${prettyPrint(failed.used)}, limited: ${prettyPrint(failed.hard)}`,
    );
  return next;
}

/**
 * The evaluators that handle updates as well as creates. Pods' would only for the `resize`
 * subresource of in-place vertical scaling, off by default in Kubernetes 1.32 and not served here.
 */
const CHARGED_ON_UPDATE = new Set([SERVICES, PERSISTENT_VOLUME_CLAIMS]);

const applies = (req: Pick<AdmissionRequest, 'operation' | 'def' | 'subresource'>) =>
  (req.operation === 'CREATE' || (req.operation === 'UPDATE' && CHARGED_ON_UPDATE.has(req.def))) &&
  req.def.namespaced &&
  req.def !== EVENTS &&
  !req.subresource;

function usageOfRequest(req: AdmissionRequest): Usage {
  const usage = usageOf(req.def, req.object);
  return req.operation === 'UPDATE' && req.oldObject ? growth(usage, usageOf(req.def, req.oldObject)) : usage;
}

async function validate(req: AdmissionRequest): Promise<void> {
  const usage = usageOfRequest(req);
  if (req.operation === 'UPDATE' && !usage.size) return;
  const quotas = (await req.service.list(RESOURCE_QUOTAS, { namespace: req.namespace }))
    .items as ResourceQuota[];
  const tracking = quotas.filter((q) => quotaTracks(q, req.def, req.object));
  // Every quota is checked before any is charged, so a refusal charges none.
  const charged = tracking.filter((q) => charge(q, req, usage));
  if (req.dryRun) return;
  for (const q of charged) await chargeOne(req, q, usage);
}

/** Charges one quota, read again when another write charged it in between. */
async function chargeOne(req: AdmissionRequest, first: ResourceQuota, usage: Usage): Promise<void> {
  let quota = first;
  for (let attempt = 0; ; attempt++) {
    const used = charge(quota, req, usage);
    if (!used) return;
    try {
      await req.service.update(
        RESOURCE_QUOTAS,
        req.namespace,
        quota.metadata.name!,
        { ...quota, status: { ...quota.status, used } },
        {},
        'status',
      );
      return;
    } catch (err) {
      if (attempt >= 5 || !(err instanceof ApiError && err.code === 409)) throw err;
      quota = (await req.service.get(RESOURCE_QUOTAS, req.namespace, quota.metadata.name!)) as ResourceQuota;
    }
  }
}

export const resourceQuota: AdmissionPlugin = {
  name: 'ResourceQuota',
  validate: (req) => (applies(req) && req.namespace ? validate(req) : undefined),
  // One queue per kind: a create may wait in admission for an object of another kind (a pod for
  // its ServiceAccount); quotas charged by two kinds at once meet as a conflict and are charged again.
  serializes: (req) => (applies(req) ? `ResourceQuota:${req.def.group}/${req.def.resource}` : undefined),
};
