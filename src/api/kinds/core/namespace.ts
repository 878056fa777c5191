import { child, setDefault } from '../../schema/default-values.js';
import { dns1123Label } from '../../schema/field-errors.js';
import { namespacePrinter } from '../../table/core.js';
import type { KubeObject } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { FINALIZE, STATUS } from '../subresources.js';
import type { NamespaceSpec } from '../types.generated.js';

/** A Namespace is held by spec.finalizers until the namespace controller has emptied it. */
export function namespaceFinalizers(ns: KubeObject): string[] {
  return (ns.spec as NamespaceSpec | undefined)?.finalizers ?? [];
}

export const NAMESPACES: KindDef = {
  ...resources.NAMESPACES,
  // No deletecollection: Kubernetes answers DELETE /api/v1/namespaces 405.
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  versions: [builtinVersion('', 'v1', 'Namespace', { protobuf: 'k8s.io.api.core.v1.Namespace' })],
  subresources: [STATUS, FINALIZE],
  fieldLabels: ['status.phase'],
  printer: namespacePrinter,
  defaults: (ns) => {
    const spec = child(ns, 'spec');
    if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
    setDefault(child(ns, 'status'), 'phase', 'Active');
    const name = ns.metadata?.name;
    if (typeof name === 'string' && name)
      child(child(ns, 'metadata'), 'labels')['kubernetes.io/metadata.name'] = name;
  },
  nameCheck: dns1123Label,
  strategy: {
    prepareForCreate: (ns) => {
      ns.status = { phase: 'Active' };
    },
    beginDelete: (ns) => {
      ns.status = { ...(ns.status as object), phase: 'Terminating' };
      return 0;
    },
    specFinalizers: namespaceFinalizers,
  },
};
