/**
 * One kind's objects, by namespace/name, kept in memory for the authorizers: listed once, then
 * followed by a watch, so that an authorization costs no store read. A watch that ends is resumed
 * by a new list on the next read.
 */
import type { KindDef } from '../kinds/index.js';
import type { ResourceService } from '../service.js';
import type { KubeObject } from '../types.js';

/** What changed: one object (put or deleted), or, with no argument, everything (a new list). */
export type CacheChange<T> = (change?: { object: T; deleted: boolean }) => void;

export const cacheKey = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export class KindCache<T extends KubeObject> {
  readonly items = new Map<string, T>();
  private live?: Promise<void>;
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly svc: ResourceService,
    private readonly def: KindDef,
    private readonly changed: CacheChange<T>,
  ) {}

  ready(): Promise<void> {
    this.live ??= this.follow().catch((err) => {
      this.live = undefined;
      throw err;
    });
    return this.live;
  }

  private async follow(): Promise<void> {
    const list = await this.svc.list(this.def, {});
    this.items.clear();
    for (const o of list.items) this.items.set(cacheKey(o), o as T);
    this.changed();
    const watch = await this.svc.watch(
      this.def,
      { fromRevision: Number(list.metadata.resourceVersion) },
      (ev) => {
        const object = ev.object as unknown as T;
        const deleted = ev.type === 'DELETED';
        if (deleted) this.items.delete(cacheKey(object));
        else this.items.set(cacheKey(object), object);
        this.changed({ object, deleted });
      },
      () => {
        this.live = undefined;
        this.changed();
      },
    );
    this.stops.push(() => watch.stop());
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
