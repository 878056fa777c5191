import type { ContainerInfo, ContainerRuntime } from './container-runtime.js';
import { type Instance, toInstance } from './instances.js';
import { LABEL } from './labels.js';

/**
 * The containers of one node as last observed, by pod uid, and the repository digests of the
 * images they run (for imageID in status). Observing is the runtime's only source of truth:
 * nothing else about containers is kept in memory.
 */
export class ContainerObserver {
  private readonly observed = new Map<string, Instance[]>();
  private readonly observedAt = new Map<string, number>();
  /** What each pod's containers were at the last listing, to tell which changed since. */
  private readonly listed = new Map<string, string>();
  /** Image id → its first repository digest ('' for an image never pulled). */
  readonly repoDigests = new Map<string, string>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly cluster: string,
    private readonly nodeName: string,
  ) {}

  get(uid: string): Instance[] | undefined {
    return this.observed.get(uid);
  }

  uids(): string[] {
    return [...this.observed.keys()];
  }

  forget(uid: string): void {
    this.observed.delete(uid);
    this.observedAt.delete(uid);
    this.listed.delete(uid);
  }

  /**
   * Observes every container of the node, and answers the pods whose containers came, went or
   * changed state since the last listing (the kubelet's PLEG). A pod observed on its own after
   * this listing began keeps that newer view: the listing may predate containers its sync just
   * created.
   */
  async relist(): Promise<Set<string>> {
    const began = Date.now();
    const all = await this.list({ [LABEL.cluster]: this.cluster, [LABEL.node]: this.nodeName });
    const fresh = new Map<string, Instance[]>();
    for (const i of all) {
      const uid = i.labels[LABEL.podUid];
      if (!uid) continue;
      const list = fresh.get(uid) ?? [];
      list.push(i);
      fresh.set(uid, list);
    }
    for (const [uid, at] of this.observedAt) {
      const kept = this.observed.get(uid);
      if (at >= began && kept) fresh.set(uid, kept);
    }
    this.observed.clear();
    const changed = new Set<string>();
    for (const [uid, list] of fresh) {
      this.observed.set(uid, list);
      const now = list
        .map((i) => `${i.id} ${i.state} ${i.exitCode} ${i.error}`)
        .sort()
        .join('\n');
      if (this.listed.get(uid) !== now) changed.add(uid);
      this.listed.set(uid, now);
    }
    for (const uid of this.listed.keys()) {
      if (!fresh.has(uid)) {
        changed.add(uid);
        this.listed.delete(uid);
      }
    }
    return changed;
  }

  async observePod(uid: string): Promise<Instance[]> {
    const list = await this.list({ [LABEL.podUid]: uid, [LABEL.node]: this.nodeName });
    this.observed.set(uid, list);
    this.observedAt.set(uid, Date.now());
    return list;
  }

  private async list(labels: Record<string, string>): Promise<Instance[]> {
    const infos = await this.runtime.listContainers(labels);
    for (const info of infos) await this.learnDigest(info);
    return infos.map(toInstance);
  }

  private async learnDigest(info: ContainerInfo): Promise<void> {
    if (this.repoDigests.has(info.imageId)) return;
    const image = await this.runtime.imageStatus(info.imageId).catch(() => undefined);
    this.repoDigests.set(info.imageId, image?.repoDigests[0] ?? '');
  }
}
