import type { KindDef } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import { Informer, type InformerOptions } from './informer.js';
import type { KubeClient } from './kube-client.js';

/**
 * One informer per kind, shared by every controller that reads the kind, so each kind is
 * listed and watched once however many controllers look at it.
 */
export class InformerFactory {
  private readonly informers = new Map<KindDef, Informer>();
  private started = false;

  constructor(
    readonly client: KubeClient,
    private readonly opts: Omit<InformerOptions, 'namespace' | 'labelSelector' | 'fieldSelector'> = {},
  ) {}

  for<T extends KubeObject = KubeObject>(def: KindDef): Informer<T> {
    let informer = this.informers.get(def);
    if (!informer) {
      informer = new Informer(this.client, def, this.opts);
      this.informers.set(def, informer);
      if (this.started) informer.start();
    }
    return informer as unknown as Informer<T>;
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
