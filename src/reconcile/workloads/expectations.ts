import type { Clock } from '../../client/clock.js';

interface Expected {
  created: Set<string>;
  deleted: Set<string>;
  until: number;
}

/**
 * What a controller has asked for and not yet seen in its cache, per controller key, as
 * Kubernetes' ControllerExpectations: while a create or delete it made is not visible, the
 * controller must not count again (it would make a pod twice, or delete one too many). Kept
 * level-triggered: the cache is asked whether each object is there, and an expectation older
 * than the TTL is dropped, so a missed event never blocks a controller for good.
 */
export class Expectations {
  private readonly byKey = new Map<string, Expected>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  /** `namespace/name` of objects created that the cache must show before the next count. */
  created(key: string, objectKeys: string[]): void {
    for (const k of objectKeys) this.entry(key).created.add(k);
  }

  /** `namespace/name` of objects deleted that the cache must stop showing. */
  deleted(key: string, objectKeys: string[]): void {
    for (const k of objectKeys) this.entry(key).deleted.add(k);
  }

  /**
   * Whether the cache (`has`) shows everything asked for; forgets what it shows. `gone` says
   * when a deletion counts as seen (default: the object is not in the cache), for controllers
   * that count a terminating pod as deleted, as Kubernetes' ReplicaSet controller does.
   */
  satisfied(
    key: string,
    has: (objectKey: string) => boolean,
    gone: (objectKey: string) => boolean = (k) => !has(k),
  ): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.until < this.clock.now()) {
      this.byKey.delete(key);
      return true;
    }
    for (const k of e.created) if (has(k)) e.created.delete(k);
    for (const k of e.deleted) if (gone(k)) e.deleted.delete(k);
    if (e.created.size || e.deleted.size) return false;
    this.byKey.delete(key);
    return true;
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  private entry(key: string): Expected {
    let e = this.byKey.get(key);
    if (!e) this.byKey.set(key, (e = { created: new Set(), deleted: new Set(), until: 0 }));
    e.until = this.clock.now() + this.ttlMs;
    return e;
  }
}
