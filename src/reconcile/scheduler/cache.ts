import type { Node, ServedPod } from '../../api/kinds/index.js';
import type { PodInfo } from './framework.js';
import { isTerminal, podInfo, SchedulerNodeInfo } from './node-info.js';

/**
 * kube-scheduler's cache: every node with the pods counted on it, kept up to date by informer
 * events one pod at a time, so a decision reads it as it is rather than summing every pod of
 * every node again. A pod the scheduler has just bound is assumed on its node until the
 * informer shows the binding; pods nominated by preemption are kept for the filters to count.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, SchedulerNodeInfo>();
  private listed: SchedulerNodeInfo[] | undefined;
  /** Where each counted pod is, by uid. */
  private readonly placed = new Map<string, string>();
  /** Pods bound to a node the cache has not seen yet. */
  private readonly waiting = new Map<string, Map<string, PodInfo>>();
  private readonly assumed = new Set<string>();
  private readonly nominated = new Map<string, { pi: PodInfo; node: string }>();

  setNode(node: Node): void {
    const name = node.metadata.name!;
    const known = this.nodes.get(name);
    if (known) {
      known.setNode(node);
      return;
    }
    const info = new SchedulerNodeInfo(node);
    for (const pi of this.waiting.get(name)?.values() ?? []) info.addPod(pi);
    this.waiting.delete(name);
    this.nodes.set(name, info);
    this.listed = undefined;
  }

  removeNode(name: string): void {
    const info = this.nodes.get(name);
    if (!info) return;
    // Its pods stay counted, should the node come back before they go.
    if (info.pods.size) this.waiting.set(name, new Map(info.pods));
    this.nodes.delete(name);
    this.listed = undefined;
  }

  nodeInfos(): readonly SchedulerNodeInfo[] {
    this.listed ??= [...this.nodes.values()];
    return this.listed;
  }

  node(name: string): SchedulerNodeInfo | undefined {
    return this.nodes.get(name);
  }

  /** The pod as the informer shows it now. */
  updatePod(pod: ServedPod): void {
    const uid = pod.metadata.uid;
    const node = pod.spec.nodeName;
    if (node && !isTerminal(pod)) {
      this.assumed.delete(uid);
      this.place(podInfo(pod), node);
    } else if (!this.assumed.has(uid) || node) {
      // An assumed pod the informer does not show bound yet keeps its place.
      this.assumed.delete(uid);
      this.unplace(uid);
    }
    const nominee = !node && !pod.metadata.deletionTimestamp ? pod.status?.nominatedNodeName : undefined;
    if (nominee) this.nominated.set(uid, { pi: podInfo(pod), node: nominee });
    else this.nominated.delete(uid);
  }

  removePod(uid: string): void {
    this.assumed.delete(uid);
    this.nominated.delete(uid);
    this.unplace(uid);
  }

  /** Counts a pod on the node it is being bound to, before the informer shows the binding. */
  assume(pi: PodInfo, node: string): void {
    const uid = pi.pod.metadata.uid;
    this.nominated.delete(uid);
    this.assumed.add(uid);
    this.place(pi, node);
  }

  /** A binding that failed: the pod no longer takes room. */
  forget(uid: string): void {
    if (!this.assumed.delete(uid)) return;
    this.unplace(uid);
  }

  isAssumed(uid: string): boolean {
    return this.assumed.has(uid);
  }

  nominate(pi: PodInfo, node: string): void {
    this.nominated.set(pi.pod.metadata.uid, { pi, node });
  }

  /** Pending pods nominated to run on the node once their victims are gone. */
  nominatedOn(node: string): PodInfo[] {
    const out: PodInfo[] = [];
    for (const n of this.nominated.values()) if (n.node === node) out.push(n.pi);
    return out;
  }

  private place(pi: PodInfo, node: string): void {
    const uid = pi.pod.metadata.uid;
    if (this.placed.get(uid) !== node) this.unplace(uid);
    this.placed.set(uid, node);
    const info = this.nodes.get(node);
    if (info) {
      info.addPod(pi);
      return;
    }
    const pods = this.waiting.get(node) ?? new Map<string, PodInfo>();
    pods.set(uid, pi);
    this.waiting.set(node, pods);
  }

  private unplace(uid: string): void {
    const node = this.placed.get(uid);
    if (node === undefined) return;
    this.placed.delete(uid);
    this.nodes.get(node)?.removePod(uid);
    const pods = this.waiting.get(node);
    pods?.delete(uid);
    if (pods?.size === 0) this.waiting.delete(node);
  }
}
