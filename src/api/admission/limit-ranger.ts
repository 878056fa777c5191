/**
 * Kubernetes' LimitRanger: a namespace's LimitRanges give new pods' containers their default
 * requests and limits, then refuse pods outside their min, max and limit-to-request ratio.
 */
import { errors } from '../errors.js';
import { LIMIT_RANGES, type LimitRange, type LimitRangeItem, PODS } from '../kinds/index.js';
import { compareQuantities, type ExactQuantity, exactQuantity, scaledValue } from '../schema/quantity.js';
import type { AdmissionPlugin, AdmissionRequest } from './chain.js';
import { formatUsage, podResources } from './quota-usage.js';

type List = Record<string, string>;
interface Requirements {
  requests?: List;
  limits?: List;
}
interface Container {
  name: string;
  resources?: Requirements;
}

const ANNOTATION = 'kubernetes.io/limit-ranger';

/** LimitRange's API defaults for a Container item: default from max, defaultRequest from default or min. */
export function effectiveItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== 'Container') return item;
  const defaults = { ...item.max, ...item.default };
  const defaultRequest = { ...item.min, ...defaults, ...item.defaultRequest };
  return { ...item, default: defaults, defaultRequest };
}

async function rangesOf(req: AdmissionRequest): Promise<LimitRangeItem[]> {
  const list = await req.service.list(LIMIT_RANGES, { namespace: req.namespace });
  return (list.items as LimitRange[]).flatMap((lr) => (lr.spec?.limits ?? []).map(effectiveItem));
}

function merge(c: Container, item: LimitRangeItem, what: string): string[] {
  const resources = (c.resources ??= {});
  const set = (field: 'requests' | 'limits', defaults: List | undefined) => {
    const names: string[] = [];
    for (const [name, q] of Object.entries(defaults ?? {})) {
      const list = (resources[field] ??= {});
      if (list[name] !== undefined) continue;
      list[name] = q;
      names.push(name);
    }
    return names.sort();
  };
  const limits = set('limits', item.default as List);
  const requests = set('requests', item.defaultRequest as List);
  const notes: string[] = [];
  if (requests.length) notes.push(`${requests.join(', ')} request for ${what} ${c.name}`);
  if (limits.length) notes.push(`${limits.join(', ')} limit for ${what} ${c.name}`);
  return notes;
}

function admitPod(req: AdmissionRequest, items: LimitRangeItem[]) {
  const spec = req.object.spec as { containers?: Container[]; initContainers?: Container[] };
  const notes: string[] = [];
  for (const item of items.filter((i) => i.type === 'Container')) {
    for (const c of spec.containers ?? []) notes.push(...merge(c, item, 'container'));
    for (const c of spec.initContainers ?? []) notes.push(...merge(c, item, 'init container'));
  }
  if (notes.length)
    req.object.metadata.annotations = {
      ...req.object.metadata.annotations,
      [ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
    };
}

const value = (q: ExactQuantity) => scaledValue(q, -3);

function check(kind: string, item: LimitRangeItem, requests: List, limits: List): string[] {
  const errs: string[] = [];
  for (const [name, given] of Object.entries(item.min ?? {})) {
    const enforced = exactQuantity(given)!;
    const req = exactQuantity(requests[name]);
    const lim = exactQuantity(limits[name]);
    if (!req) errs.push(`minimum ${name} usage per ${kind} is ${given}.  No request is specified`);
    else if (compareQuantities(req, enforced) < 0)
      errs.push(`minimum ${name} usage per ${kind} is ${given}, but request is ${requests[name]}`);
    else if (lim && compareQuantities(lim, enforced) < 0)
      errs.push(`minimum ${name} usage per ${kind} is ${given}, but limit is ${limits[name]}`);
  }
  for (const [name, given] of Object.entries(item.max ?? {})) {
    const enforced = exactQuantity(given)!;
    const req = exactQuantity(requests[name]);
    const lim = exactQuantity(limits[name]);
    if (!lim) errs.push(`maximum ${name} usage per ${kind} is ${given}.  No limit is specified`);
    else if (compareQuantities(lim, enforced) > 0)
      errs.push(`maximum ${name} usage per ${kind} is ${given}, but limit is ${limits[name]}`);
    else if (req && compareQuantities(req, enforced) > 0)
      errs.push(`maximum ${name} usage per ${kind} is ${given}, but request is ${requests[name]}`);
  }
  for (const [name, given] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const enforced = exactQuantity(given)!;
    const req = exactQuantity(requests[name]);
    const lim = exactQuantity(limits[name]);
    if (!req || req.digits === 0n)
      errs.push(
        `${name} max limit to request ratio per ${kind} is ${given}, but no request is specified or request is 0`,
      );
    else if (!lim || lim.digits === 0n)
      errs.push(
        `${name} max limit to request ratio per ${kind} is ${given}, but no limit is specified or limit is 0`,
      );
    else {
      const ratio = Number(value(lim)) / Number(value(req));
      if (ratio * 1000 > Number(value(enforced)))
        errs.push(
          `${name} max limit to request ratio per ${kind} is ${given}, but provided ratio is ${ratio.toFixed(6)}`,
        );
    }
  }
  return errs;
}

const asList = (usage: Map<string, ExactQuantity>): List =>
  Object.fromEntries([...usage].map(([name, q]) => [name, formatUsage(q)]));

function validatePod(req: AdmissionRequest, items: LimitRangeItem[]) {
  const spec = req.object.spec as { containers?: Container[]; initContainers?: Container[] };
  const errs: string[] = [];
  for (const item of items) {
    if (item.type === 'Container')
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])])
        errs.push(...check('Container', item, c.resources?.requests ?? {}, c.resources?.limits ?? {}));
    if (item.type === 'Pod')
      errs.push(
        ...check(
          'Pod',
          item,
          asList(podResources(req.object, 'requests')),
          asList(podResources(req.object, 'limits')),
        ),
      );
  }
  if (errs.length)
    throw errors.forbidden(
      { kind: 'pods', name: req.name },
      errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`,
    );
}

const applies = (req: AdmissionRequest) =>
  req.operation === 'CREATE' && req.def === PODS && !req.subresource && !!req.namespace;

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  async admit(req) {
    if (!applies(req)) return;
    const items = await rangesOf(req);
    if (items.length) admitPod(req, items);
  },
  async validate(req) {
    if (!applies(req)) return;
    const items = await rangesOf(req);
    if (items.length) validatePod(req, items);
  },
};
