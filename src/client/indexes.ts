import type { KubeObject } from '../api/types.js';
import type { Informer } from './informer.js';

/*
 * The indexes controllers look objects up by, defined once so that two controllers sharing an
 * informer share the index too: by owner uid (a garbage collector's dependents, a controller's
 * children), by node (a node's pods), by label (a selector's matches). Each lookup adds its
 * index on first use; adding it again is a no-op.
 */

/** Objects naming `uid` among their owners. */
export function ownedBy<T extends KubeObject>(informer: Informer<T>, uid: string): T[] {
  informer.addIndex('owner-uid', (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
  return informer.byIndex('owner-uid', uid);
}

/** Pods bound to `node`; '' gives the pods no node has taken yet. */
export function onNode<T extends KubeObject>(pods: Informer<T>, node: string): T[] {
  pods.addIndex('node-name', (o) => [(o.spec as { nodeName?: string } | undefined)?.nodeName ?? '']);
  return pods.byIndex('node-name', node);
}

/** Objects (of `namespace`, when given) whose labels include every pair of `labels`. */
export function withLabels<T extends KubeObject>(
  informer: Informer<T>,
  labels: Record<string, string>,
  namespace?: string,
): T[] {
  informer.addIndex('label', (o) => Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`));
  const pairs = Object.entries(labels);
  const candidates = pairs.length
    ? informer.byIndex('label', `${pairs[0][0]}=${pairs[0][1]}`)
    : informer.list(namespace);
  return candidates.filter(
    (o) =>
      (namespace === undefined || o.metadata.namespace === namespace) &&
      pairs.every(([k, v]) => o.metadata.labels?.[k] === v),
  );
}
