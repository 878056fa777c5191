/**
 * Admission: after a write is decoded and defaulted, mutating plugins may change the object, then
 * validating plugins may refuse it, in order, as Kubernetes' admission chain does.
 */
import type { UserInfo } from '../auth/user.js';
import type { KindDef } from '../kinds/index.js';
import type { ResourceService } from '../service.js';
import type { KubeObject } from '../types.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/** Kubernetes' admission.Attributes of a write. */
export interface AdmissionRequest {
  operation: AdmissionOperation;
  def: KindDef;
  subresource?: string;
  namespace?: string;
  name: string;
  /** The object being written (the one being deleted, for DELETE); mutating plugins change it. */
  object: KubeObject;
  /** The object before an update. */
  oldObject?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
  /** Where plugins put the warnings the response carries (`Warning` headers). */
  warnings?: string[];
  /** To read the cluster, as plugins read it through informers in Kubernetes. */
  service: ResourceService;
}

export interface AdmissionPlugin {
  name: string;
  admit?(req: AdmissionRequest): void | Promise<void>;
  validate?(req: AdmissionRequest): void | Promise<void>;
  /**
   * Writes this plugin decides on from the state of others (allocations) run one at a time, from
   * admission to the store: the key they queue on, or undefined for writes it does not look at.
   */
  serializes?(req: Pick<AdmissionRequest, 'operation' | 'def' | 'subresource'>): string | undefined;
}

export class AdmissionChain {
  constructor(readonly plugins: readonly AdmissionPlugin[]) {}

  // A plugin with nothing to do answers at once: writes wait only for plugins that read the cluster.
  async admit(req: AdmissionRequest): Promise<void> {
    for (const p of this.plugins) {
      const pending = p.admit?.(req);
      if (pending) await pending;
    }
  }

  async validate(req: AdmissionRequest): Promise<void> {
    for (const p of this.plugins) {
      const pending = p.validate?.(req);
      if (pending) await pending;
    }
  }

  /** The keys a write must hold while it is admitted and stored. */
  locks(req: Pick<AdmissionRequest, 'operation' | 'def' | 'subresource'>): string[] {
    return this.plugins.map((p) => p.serializes?.(req)).filter((k): k is string => k !== undefined);
  }
}
