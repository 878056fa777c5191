/**
 * What the store keeps: a JSON object with a name, an optional namespace, labels (for
 * selectors) and the resourceVersion the store writes. Every API object is one.
 */
export interface StoredObject {
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
  [field: string]: unknown;
}

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
  items: StoredObject[];
  revision: number; // store revision the list reflects
  continue?: string;
  remainingItemCount?: number;
}

export interface StoreWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: StoredObject; // for DELETED: the last state, with resourceVersion = the deletion revision
  revision: number;
}

export interface WatchOptions extends SelectorOptions {
  /** Deliver events with revision > fromRevision (replayed from history first), then live ones. */
  fromRevision: number;
}

export interface StoreStats {
  objects: { ref: ResourceRef; count: number }[];
  sizeBytes: number;
}

export interface StoreWatch {
  stop(): void;
  /**
   * A revision this watcher has seen every matching change up to (a BOOKMARK's resourceVersion):
   * nothing at or below it is still to come.
   */
  progress(): Promise<number>;
}

export type StoreErrorCode =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Expired'
  | 'BadSelector'
  | 'BadContinue'
  /**
   * The backend cannot serve the call now (etcd unreachable, no answer in time, no leader; SQLite
   * locked by another connection past its busy timeout); the same call may succeed later. A write
   * that etcd got but did not confirm in time may still commit: a retry with the expected revision
   * is safe (Conflict, or AlreadyExists for a create, if it did).
   */
  | 'Unavailable';

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
 *
 * Every call is asynchronous, so a backend may live in another process (etcd). A backend
 * delivers each watcher's events in revision order; once a write's promise has resolved, a
 * watch started afterwards from an earlier revision sees it.
 */
export interface Store {
  get<T extends StoredObject = StoredObject>(
    ref: ResourceRef,
    namespace: string,
    name: string,
  ): Promise<T | undefined>;
  list(ref: ResourceRef, opts?: ListOptions): Promise<ListResult>;
  /** Rejects with StoreError AlreadyExists. Resolves to the stored object (with resourceVersion). */
  create<T extends StoredObject>(ref: ResourceRef, obj: T): Promise<T>;
  /** Rejects with NotFound, or Conflict when expectedRevision is given and is not the current one. */
  update<T extends StoredObject>(ref: ResourceRef, obj: T, opts?: { expectedRevision?: number }): Promise<T>;
  /** Rejects with NotFound / Conflict. Resolves to the deleted object's last state. */
  delete<T extends StoredObject = StoredObject>(
    ref: ResourceRef,
    namespace: string,
    name: string,
    opts?: { expectedRevision?: number },
  ): Promise<T>;
  /**
   * Calls listener for replayed history (revisions after fromRevision), then for each later
   * write as it commits, in revision order. Rejects with StoreError Expired when fromRevision is
   * older than the compacted history. A listener that throws, or falls behind, is dropped and
   * gets onClose(error); onClose() alone means the store closed.
   */
  watch(
    ref: ResourceRef,
    opts: WatchOptions,
    listener: (ev: StoreWatchEvent) => void,
    onClose?: (err?: Error) => void,
  ): Promise<StoreWatch>;
  /** Current (latest committed) revision. */
  revision(): Promise<number>;
  /** How many objects each resource holds and the backend's size on disk, for the storage metrics. */
  stats?(): Promise<StoreStats>;
  /** Oldest revision a watch can start from (exclusive): watches from below this get Expired. */
  compactedRevision(): Promise<number>;
  /** Drop history at or below `revision` (never the latest state of live objects). */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}
