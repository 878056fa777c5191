import type { ApiResource } from '../api/kinds/index.js';
import type { KubeObject, WatchEvent } from '../api/types.js';
import { type Clock, realClock } from './clock.js';
import type { KubeClient, WatchHandle } from './kube-client.js';
import { followWatch, isExpired } from './reflector.js';

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  clock?: Clock;
  log?: (message: string) => void;
  /** Objects per list page (0: one page), as client-go lists in pages of 500. */
  pageSize?: number;
  /** How long the server keeps each watch stream open before the informer resumes it. */
  watchTimeoutSeconds?: number;
  /** Back-off between failed list+watch attempts: starts here, doubles, capped at relistMaxMs. */
  relistInitialMs?: number;
  relistMaxMs?: number;
  /**
   * Applied to each object as it arrives, before it is cached or handed to handlers (client-go's
   * SetTransform): a reader that needs a few fields keeps only those, and its memory with them.
   */
  transform?: (obj: KubeObject, def: ApiResource) => KubeObject;
}

/** Callbacks for changes to the cache. Objects are the cache's own: never modify them. */
export interface InformerHandler<T> {
  add?(obj: T): void;
  update?(old: T, obj: T): void;
  delete?(obj: T): void;
}

export function cacheKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

/**
 * A list+watch cache of one kind, as client-go's shared informer: it lists, then watches from
 * the list's resourceVersion, resuming after each stream ends and listing again when the
 * server says the revision is gone (410) or the watch fails, with back-off. Handlers hear of
 * every change; indexes answer "which objects have this value" without a scan.
 */
export class Informer<T extends KubeObject = KubeObject, R extends ApiResource = ApiResource> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, (obj: T) => string[]>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly handlers: InformerHandler<T>[] = [];
  private readonly clock: Clock;
  private readonly abort = new AbortController();
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];
  private running?: Promise<void>;
  private stream?: WatchHandle;

  constructor(
    private readonly client: KubeClient,
    readonly def: R,
    private readonly opts: InformerOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
  }

  /** Adds an index; objects already cached are indexed at once. */
  addIndex(name: string, fn: (obj: T) => string[]): void {
    if (this.indexers.has(name)) return;
    this.indexers.set(name, fn);
    this.indexes.set(name, new Map());
    for (const [key, obj] of this.items) this.indexOne(name, fn, key, obj);
  }

  hasIndex(name: string): boolean {
    return this.indexers.has(name);
  }

  /** Adds a handler; once synced, it first hears of every cached object as added. */
  addHandler(h: InformerHandler<T>): void {
    this.handlers.push(h);
    if (this.synced) for (const obj of this.items.values()) this.call(() => h.add?.(obj));
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.stream?.stop();
    await this.running;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace && this.def.namespaced ? `${namespace}/${name}` : name);
  }

  /** The cached objects, of one namespace when given. */
  list(namespace?: string): T[] {
    const all = [...this.items.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  byIndex(index: string, value: string): T[] {
    const keys = this.indexes.get(index)?.get(value);
    if (!this.indexers.has(index)) throw new Error(`informer of ${this.def.resource} has no index ${index}`);
    return keys ? [...keys].map((k) => this.items.get(k)!).filter(Boolean) : [];
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const initial = this.opts.relistInitialMs ?? 500;
    let delay = initial;
    while (!signal.aborted) {
      try {
        const rv = await this.listAll();
        delay = initial;
        await followWatch<T>(
          (from, onEvent) =>
            this.client.watch<T>(
              this.def,
              {
                namespace: this.opts.namespace,
                labelSelector: this.opts.labelSelector,
                fieldSelector: this.opts.fieldSelector,
                resourceVersion: from,
                timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
                allowWatchBookmarks: true,
              },
              onEvent,
            ),
          rv,
          (ev) => this.apply(ev),
          { signal, clock: this.clock, onStream: (h) => (this.stream = h) },
        );
      } catch (err) {
        if (signal.aborted) break;
        if (isExpired(err)) continue;
        this.opts.log?.(
          `${this.def.resource}: list/watch failed: ${(err as Error).message}; retrying in ${delay} ms`,
        );
        await this.clock.sleep(delay, signal);
        delay = Math.min(delay * 2, this.opts.relistMaxMs ?? 30_000);
      }
    }
  }

  /** Lists every page and makes the cache exactly that, telling handlers what changed. */
  private async listAll(): Promise<string | undefined> {
    const fresh = new Map<string, T>();
    let token: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.client.list<T>(this.def, {
        namespace: this.opts.namespace,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        limit: this.opts.pageSize || undefined,
        continue: token,
      });
      for (const obj of page.items) fresh.set(cacheKey(obj), this.transformed(obj));
      rv ??= page.metadata.resourceVersion;
      token = page.metadata.continue;
    } while (token);
    for (const [key, old] of this.items) if (!fresh.has(key)) this.remove(key, old);
    for (const obj of fresh.values()) this.upsert(obj);
    this.markSynced();
    return rv;
  }

  private transformed(obj: T): T {
    return this.opts.transform ? (this.opts.transform(obj, this.def) as T) : obj;
  }

  private apply(ev: WatchEvent<T>): void {
    if (ev.type === 'DELETED') {
      const key = cacheKey(ev.object);
      if (this.items.has(key)) this.remove(key, this.transformed(ev.object));
    } else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') {
      this.upsert(this.transformed(ev.object));
    }
  }

  private upsert(obj: T): void {
    const key = cacheKey(obj);
    const old = this.items.get(key);
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) this.indexOne(name, fn, key, obj);
    for (const h of this.handlers) this.call(() => (old ? h.update?.(old, obj) : h.add?.(obj)));
  }

  private remove(key: string, last: T): void {
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.delete(key);
    for (const h of this.handlers) this.call(() => h.delete?.(last));
  }

  private indexOne(name: string, fn: (obj: T) => string[], key: string, obj: T): void {
    const index = this.indexes.get(name)!;
    for (const value of fn(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indexes.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    for (const w of this.syncWaiters.splice(0)) w();
  }

  /** A handler's failure is its own: the cache and the other handlers go on. */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.log?.(`${this.def.resource}: informer handler failed: ${(err as Error).message}`);
    }
  }
}
