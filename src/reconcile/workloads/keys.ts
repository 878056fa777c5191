import type { LabelSelector } from '../../api/kinds/index.js';
import { selectorMatches } from '../../api/schema/validate-selector.js';
import type { KubeObject } from '../../api/types.js';
import type { Informer } from '../../client/informer.js';
import { controllerOwnerKeys, objectKey } from '../controller.js';
import { controllerOf } from './pods.js';

type Selecting = KubeObject & { spec?: { selector?: LabelSelector } };

/**
 * The keys a child's change enqueues, as Kubernetes' workload controllers map pod events: its
 * controlling owner when that is of `kind`; for an orphan, every owner of its namespace whose
 * selector matches its labels, since one of them may adopt it.
 */
export function ownerOrAdopterKeys<T extends Selecting>(
  kind: string,
  owners: Informer<T>,
): (child: KubeObject) => string[] {
  const ownerKeys = controllerOwnerKeys(kind);
  return (child) => {
    if (controllerOf(child)) return ownerKeys(child);
    return owners
      .list(child.metadata.namespace)
      .filter((o) => o.spec?.selector && selectorMatches(o.spec.selector, child.metadata.labels ?? {}))
      .map(objectKey);
  };
}
