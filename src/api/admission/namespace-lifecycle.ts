import { errors } from '../errors.js';
import { NAMESPACES } from '../kinds/index.js';
import type { AdmissionPlugin, AdmissionRequest } from './chain.js';

/**
 * Namespaces every cluster keeps. Kubernetes refuses to delete the first three; kube-node-lease
 * it re-creates at once when deleted, which minik8s does not, and without it no node could
 * renew its lease (every node would go Unknown and its pods be evicted), so it is kept too.
 */
const IMMORTAL = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Refuses new content in a namespace that is missing or being deleted. */
async function checkOpen(req: AdmissionRequest): Promise<void> {
  const ns = req.namespace;
  if (!ns) throw errors.badRequest('the namespace of the object must be set');
  const nsObj = await req.service.get(NAMESPACES, undefined, ns);
  if (nsObj.metadata.deletionTimestamp) {
    throw errors.forbidden(
      { group: req.def.group, kind: req.def.resource, name: req.name },
      `unable to create new content in namespace ${ns} because it is being terminated`,
    );
  }
}

/**
 * NamespaceLifecycle: nothing is created in a namespace that does not exist or is being deleted,
 * and the system namespaces stay.
 */
export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  admit(req) {
    if (req.operation === 'DELETE' && req.def === NAMESPACES && IMMORTAL.includes(req.name))
      throw errors.forbidden({ kind: 'namespaces', name: req.name }, 'this namespace may not be deleted');
    return req.operation === 'CREATE' && req.def.namespaced ? checkOpen(req) : undefined;
  },
};
