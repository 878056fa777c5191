import type { KubeObject } from '../api/types.js';

/** Which collection an object lives in: the API group and the plural resource name. */
export interface ResourceRef {
  group: string; // '' for core
  resource: string; // plural, e.g. 'pods'
}

export interface SelectorOptions {
  namespace?: string; // undefined = all namespaces
  labelSelector?: string; // Kubernetes label selector syntax
  fieldSelector?: string; // metadata.name, metadata.namespace, spec.nodeName, status.phase, ...
}

export interface ListOptions extends SelectorOptions {
  limit?: number;
  continue?: string; // opaque token from a previous page
}

export interface ListResult {
  items: KubeObject[];
  revision: number; // store revision the list reflects
  continue?: string;
  remainingItemCount?: number;
}

export interface StoreWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject; // for DELETED: the last state, with resourceVersion = the deletion revision
  revision: number;
}

export interface WatchOptions extends SelectorOptions {
  /** Deliver events with revision > fromRevision (replayed from history first), then live ones. */
  fromRevision: number;
}

export interface StoreWatch {
  stop(): void;
}

export type StoreErrorCode =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Expired'
  | 'BadSelector'
  | 'BadContinue';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/**
 * A revisioned object store in the manner of kine/etcd. Every write gets the next global
 * revision, written into metadata.resourceVersion of the stored object. Objects are keyed by
 * (resource ref, namespace, name); cluster-scoped objects use namespace ''.
 */
export interface Store {
  get(ref: ResourceRef, namespace: string, name: string): KubeObject | undefined;
  list(ref: ResourceRef, opts?: ListOptions): ListResult;
  /** Throws StoreError AlreadyExists. Returns the stored object (with resourceVersion). */
  create(ref: ResourceRef, obj: KubeObject): KubeObject;
  /** Throws NotFound, or Conflict when expectedRevision is given and is not the current one. */
  update(ref: ResourceRef, obj: KubeObject, opts?: { expectedRevision?: number }): KubeObject;
  /** Throws NotFound / Conflict. Returns the deleted object's last state. */
  delete(ref: ResourceRef, namespace: string, name: string, opts?: { expectedRevision?: number }): KubeObject;
  /**
   * Calls listener synchronously for replayed history, then for each later write as it
   * commits. Throws StoreError Expired when fromRevision is older than the compacted history.
   * A listener that throws, or falls behind, is dropped and gets onClose(error).
   */
  watch(
    ref: ResourceRef,
    opts: WatchOptions,
    listener: (ev: StoreWatchEvent) => void,
    onClose?: (err?: Error) => void,
  ): StoreWatch;
  /** Current (latest committed) revision. */
  revision(): number;
  /** Oldest revision a watch can start from (exclusive): watches from below this get Expired. */
  compactedRevision(): number;
  /** Drop history at or below `revision` (never the latest state of live objects). */
  compact(revision: number): void;
  close(): void;
}
