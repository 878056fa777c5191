import type { ApiResource } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import { Informer, type InformerOptions } from './informer.js';
import type { KubeClient } from './kube-client.js';

/** How kinds are told apart across registry changes: group and plural resource. */
export const kindKey = (def: ApiResource) => `${def.group}/${def.resource}`;

/**
 * One informer per kind, shared by every controller that reads the kind, so each kind is
 * listed and watched once however many controllers look at it. Kinds come and go at run time
 * (CustomResourceDefinitions): an informer is keyed by group and resource, and stops when its
 * kind is removed.
 */
export class InformerFactory<R extends ApiResource = ApiResource> {
  private readonly informers = new Map<string, Informer<KubeObject, R>>();
  private started = false;

  constructor(
    readonly client: KubeClient,
    private readonly opts: Omit<InformerOptions, 'namespace' | 'labelSelector' | 'fieldSelector'> = {},
  ) {}

  for<T extends KubeObject = KubeObject>(def: R): Informer<T, R> {
    let informer = this.informers.get(kindKey(def));
    if (!informer) {
      informer = new Informer<KubeObject, R>(this.client, def, this.opts);
      this.informers.set(kindKey(def), informer);
      if (this.started) informer.start();
    }
    return informer as unknown as Informer<T, R>;
  }

  /** The informers made so far, of every kind. */
  all(): Informer<KubeObject, R>[] {
    return [...this.informers.values()];
  }

  /** Stops and forgets the informer of a kind the API no longer serves. */
  async remove(def: ApiResource): Promise<void> {
    const informer = this.informers.get(kindKey(def));
    this.informers.delete(kindKey(def));
    await informer?.stop();
  }

  start(): void {
    this.started = true;
    for (const i of this.informers.values()) i.start();
  }

  async whenSynced(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.whenSynced()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
