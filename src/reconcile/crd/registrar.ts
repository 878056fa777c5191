/**
 * Keeps the kind registry in step with the stored CustomResourceDefinitions, as apiextensions'
 * crdHandler follows its CRD informer. An informer, not a watch of its own: a failed watch or
 * list is tried again with back-off for as long as the registrar runs, and a re-list tells it of
 * CRDs that went meanwhile.
 */
import { CrdKinds } from '../../api/crd/crd-kinds.js';
import type { CustomResourceDefinition } from '../../api/crd/types.js';
import { CUSTOM_RESOURCE_DEFINITIONS } from '../../api/kinds/index.js';
import type { Clock } from '../../client/clock.js';
import { Informer } from '../../client/informer.js';
import type { KubeClient } from '../../client/kube-client.js';

export interface RegistrarOptions {
  log?: (message: string) => void;
  clock?: Clock;
}

export class CrdRegistrar {
  private readonly informer: Informer<CustomResourceDefinition>;
  private readonly kinds: CrdKinds;
  private stopped = false;
  private readonly stopping: Promise<void>;
  private resolveStopping = () => {};

  /** `client`: the API server's own, in process (LocalClient), so CRDs are read as stored. */
  constructor(client: KubeClient, opts: RegistrarOptions = {}) {
    const log = opts.log ?? ((m: string) => console.error(m));
    this.kinds = new CrdKinds(log);
    this.informer = new Informer(client, CUSTOM_RESOURCE_DEFINITIONS, { clock: opts.clock, log });
    this.stopping = new Promise((resolve) => (this.resolveStopping = resolve));
    // A list still in flight when stop() is called ends in these handlers: serving its CRDs
    // then would put back kinds stop() has just taken away.
    const sync = (crd: CustomResourceDefinition) => {
      if (!this.stopped) this.kinds.sync(crd);
    };
    this.informer.addHandler({
      add: sync,
      update: (_old, crd) => sync(crd),
      delete: (crd) => this.kinds.unserve(crd.metadata.name ?? ''),
    });
  }

  /**
   * Resolves once every stored CRD's kind is served (a restarted control plane serves its custom
   * objects before it answers anyone), or once stopped.
   */
  async start(): Promise<void> {
    this.informer.start();
    // An informer stopped before its first list never syncs.
    await Promise.race([this.informer.whenSynced(), this.stopping]);
  }

  /** Stops following the CRDs and serving their kinds. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.resolveStopping();
    await this.informer.stop();
    this.kinds.unserveAll();
  }
}
