/**
 * Which objects each node may read, as Kubernetes' node authorizer graph: pods bound to a node
 * (from an informer of pods), what each references, and the volume each claim is bound to (from
 * an informer of claims). A question is a few map lookups, never a store read.
 */
import { PERSISTENT_VOLUME_CLAIMS, PODS, type Pod } from '../../kinds/index.js';
import type { ResourceService } from '../../service.js';
import type { KubeObject } from '../../types.js';
import { cacheKey, KindCache } from '../kind-cache.js';
import { podReferences, refKey } from './pod-references.js';

type Claim = KubeObject & { spec?: { volumeName?: string } };

export class NodeGraph {
  private readonly pods: KindCache<Pod>;
  private readonly claims: KindCache<Claim>;
  /** A bound pod's node and references, by namespace/name. */
  private readonly bound = new Map<string, { node: string; refs: string[] }>();
  /** Per node, how many of its pods reference each object key. */
  private readonly byNode = new Map<string, Map<string, number>>();

  constructor(svc: ResourceService) {
    this.pods = new KindCache<Pod>(svc, PODS, (change) => {
      if (change) this.setPod(cacheKey(change.object), change.deleted ? undefined : change.object);
      else this.rebuild();
    });
    this.claims = new KindCache<Claim>(svc, PERSISTENT_VOLUME_CLAIMS, () => undefined);
  }

  private rebuild(): void {
    this.bound.clear();
    this.byNode.clear();
    for (const [key, pod] of this.pods.items) this.setPod(key, pod);
  }

  private count(node: string, refs: string[], by: number): void {
    let counts = this.byNode.get(node);
    if (!counts) this.byNode.set(node, (counts = new Map()));
    for (const r of refs) {
      const n = (counts.get(r) ?? 0) + by;
      if (n > 0) counts.set(r, n);
      else counts.delete(r);
    }
    if (!counts.size) this.byNode.delete(node);
  }

  private setPod(key: string, pod: Pod | undefined): void {
    const old = this.bound.get(key);
    if (old) this.count(old.node, old.refs, -1);
    this.bound.delete(key);
    const node = pod?.spec?.nodeName;
    if (!pod || !node) return;
    const entry = {
      node,
      refs: [refKey('pods', pod.metadata.namespace ?? '', pod.metadata.name!), ...podReferences(pod)],
    };
    this.bound.set(key, entry);
    this.count(node, entry.refs, 1);
  }

  /** Whether a pod bound to `node` leads to the object (a PersistentVolume: through its claim). */
  async hasPath(node: string, resource: string, namespace: string, name: string): Promise<boolean> {
    await Promise.all([this.pods.ready(), this.claims.ready()]);
    const refs = this.byNode.get(node);
    if (!refs) return false;
    if (resource !== 'persistentvolumes') return refs.has(refKey(resource, namespace, name));
    for (const r of refs.keys()) {
      if (!r.startsWith('persistentvolumeclaims/')) continue;
      const claim = this.claims.items.get(r.slice('persistentvolumeclaims/'.length));
      if (claim?.spec?.volumeName === name) return true;
    }
    return false;
  }

  close(): void {
    this.pods.close();
    this.claims.close();
  }
}
