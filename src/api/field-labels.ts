import { parseFieldRequirements } from '../store/selector.js';
import { StoreError } from '../store/types.js';
import { errors } from './errors.js';
import type { ResourceDef } from './resources.js';

/** Fields each resource can be selected by besides metadata.name and metadata.namespace, as Kubernetes 1.32 has them. */
const FIELD_LABELS: Record<string, string[]> = {
  '/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  '/events': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'type',
  ],
  '/secrets': ['type'],
  '/namespaces': ['status.phase'],
  '/nodes': ['spec.unschedulable'],
  '/services': ['spec.clusterIP', 'spec.type'],
  '/replicationcontrollers': ['status.replicas'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
};

/**
 * Rejects a request's field selector naming a field the resource cannot be selected by, with
 * the 400 Kubernetes answers, instead of listing nothing.
 */
export function checkFieldSelector(def: ResourceDef, selector: string | undefined): void {
  if (!selector) return;
  let reqs: ReturnType<typeof parseFieldRequirements>;
  try {
    reqs = parseFieldRequirements(selector);
  } catch (err) {
    if (err instanceof StoreError) throw errors.badRequest(err.message);
    throw err;
  }
  const allowed = FIELD_LABELS[`${def.group}/${def.resource}`] ?? [];
  for (const { path } of reqs) {
    if (path !== 'metadata.name' && path !== 'metadata.namespace' && !allowed.includes(path))
      throw errors.badRequest(`field label not supported: ${path}`);
  }
}
