import type { ApiResource } from '../api/kinds/index.js';
import type { KubeList, KubeObject, Status, WatchEvent } from '../api/types.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface ListQuery {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface WatchQuery extends Omit<ListQuery, 'limit' | 'continue'> {
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
}

export interface WatchHandle {
  stop(): void;
  /** Resolves when the stream ends (the server closed it, or stop() was called); rejects on a refused watch. */
  done: Promise<void>;
}

export type PatchType = 'merge' | 'json' | 'strategic';

/**
 * The verbs of the Kubernetes API as controllers, node agents and the CLI use them. The HTTP
 * `Client` speaks them to any API server; `LocalClient` hands them to the API service of the
 * same process, so in-process controllers write through the same validation as everyone.
 */
export interface KubeClient {
  /** An object, or its scale subresource (an autoscaling/v1 Scale). */
  get<T extends KubeObject = KubeObject>(
    def: ApiResource,
    namespace: string | undefined,
    name: string,
    subresource?: 'scale',
  ): Promise<T>;
  list<T extends KubeObject = KubeObject>(def: ApiResource, q?: ListQuery): Promise<KubeList<T>>;
  create<T extends KubeObject = KubeObject>(def: ApiResource, obj: KubeObject, query?: Query): Promise<T>;
  /** A PUT of an object or of a subresource; a `scale` update takes a Scale named as the object. */
  update<T extends KubeObject = KubeObject>(
    def: ApiResource,
    obj: KubeObject,
    subresource?: 'status' | 'finalize' | 'scale',
  ): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    def: ApiResource,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type?: PatchType,
    subresource?: 'status',
    query?: Query,
  ): Promise<T>;
  delete(
    def: ApiResource,
    namespace: string | undefined,
    name: string,
    options?: Record<string, unknown>,
  ): Promise<KubeObject | Status>;
  /** A POST to a subresource that acts: pods/binding, pods/eviction, serviceaccounts/token. */
  createSubresource<T = unknown>(
    def: ApiResource,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<T>;
  /** Streams watch events; an ERROR event carries a Status (410 Expired: list again). */
  watch<T = KubeObject>(def: ApiResource, q: WatchQuery, onEvent: (ev: WatchEvent<T>) => void): WatchHandle;
}
