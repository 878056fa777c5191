import { errors } from '../errors.js';
import { NAMESPACES } from '../kinds/index.js';
import type { AdmissionPlugin } from './chain.js';

/** Namespaces every cluster keeps: Kubernetes refuses to delete them. */
const IMMORTAL = ['default', 'kube-system', 'kube-public'];

/**
 * NamespaceLifecycle: nothing is created in a namespace that does not exist or is being deleted,
 * and the system namespaces stay.
 */
export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  async admit(req) {
    const { def, name } = req;
    if (req.operation === 'DELETE' && def === NAMESPACES && IMMORTAL.includes(name))
      throw errors.forbidden({ kind: 'namespaces', name }, 'this namespace may not be deleted');
    if (req.operation !== 'CREATE' || !def.namespaced) return;
    const ns = req.namespace;
    if (!ns) throw errors.badRequest('the namespace of the object must be set');
    const nsObj = await req.service.get(NAMESPACES, undefined, ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw errors.forbidden(
        { group: def.group, kind: def.resource, name },
        `unable to create new content in namespace ${ns} because it is being terminated`,
      );
    }
  },
};
