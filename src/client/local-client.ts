import type { UserInfo } from '../api/auth/user.js';
import { errors, success } from '../api/errors.js';
import { type Eviction, evict } from '../api/eviction.js';
import { type ApiResource, type KindDef, kinds, PODS } from '../api/kinds/index.js';
import { patchTypes } from '../api/patch/types.js';
import { readScale, writeScale } from '../api/scale.js';
import type { DeleteOptions, FieldValidation, RequestContext, ResourceService } from '../api/service.js';
import type { KubeList, KubeObject, Status, WatchEvent } from '../api/types.js';
import type { KubeClient, ListQuery, PatchType, Query, WatchHandle, WatchQuery } from './kube-client.js';

function writeContext(user: UserInfo | undefined, query: Query | undefined): RequestContext {
  return {
    user,
    fieldValidation: (query?.fieldValidation as FieldValidation | undefined) ?? 'Ignore',
    dryRun: query?.dryRun === 'All',
  };
}

/**
 * The registry's kind for a resource a caller names: its own, or the one served under its names.
 * The service reads and writes a kind in its stored version, so the caller must name that one.
 */
function kindDef(resource: ApiResource): KindDef {
  const def =
    'versions' in resource
      ? (resource as KindDef)
      : kinds.served(resource.group, resource.version, resource.resource);
  if (!def) throw errors.pathNotFound();
  if (def.version !== resource.version)
    throw new Error(`${resource.resource} is written in ${def.version} in process, not ${resource.version}`);
  return def;
}

/**
 * The API verbs handed straight to the API service of this process: what in-process
 * controllers use, so their writes get the validation, admission and defaults every HTTP
 * request gets, without a round trip through HTTPS and JSON.
 */
export class LocalClient implements KubeClient {
  /** `user`: who the controllers using this client write as (the API server when no one). */
  constructor(
    private readonly svc: ResourceService,
    private readonly user?: UserInfo,
  ) {}

  get<T extends KubeObject = KubeObject>(
    resource: ApiResource,
    namespace: string | undefined,
    name: string,
    subresource?: 'scale',
  ): Promise<T> {
    const def = kindDef(resource);
    if (subresource === 'scale') return readScale(this.svc, def, namespace, name) as Promise<T>;
    return this.svc.get(def, namespace, name) as Promise<T>;
  }

  list<T extends KubeObject = KubeObject>(resource: ApiResource, q: ListQuery = {}): Promise<KubeList<T>> {
    const def = kindDef(resource);
    return this.svc.list(def, q) as Promise<KubeList<T>>;
  }

  create<T extends KubeObject = KubeObject>(
    resource: ApiResource,
    obj: KubeObject,
    query?: Query,
  ): Promise<T> {
    const def = kindDef(resource);
    return this.svc.create(def, obj.metadata.namespace, obj, writeContext(this.user, query)) as Promise<T>;
  }

  async update<T extends KubeObject = KubeObject>(
    resource: ApiResource,
    obj: KubeObject,
    subresource?: 'status' | 'finalize' | 'scale',
  ): Promise<T> {
    const def = kindDef(resource);
    const { namespace, name } = obj.metadata;
    if (subresource === 'scale')
      return writeScale(
        this.svc,
        def,
        namespace,
        name ?? '',
        obj,
        writeContext(this.user, undefined),
      ) as Promise<T>;
    if (subresource === 'finalize')
      return this.svc.finalize(name ?? '', obj, writeContext(this.user, undefined)) as Promise<T>;
    return this.svc.update(
      def,
      namespace,
      name ?? '',
      obj,
      writeContext(this.user, undefined),
      subresource,
    ) as Promise<T>;
  }

  patch<T extends KubeObject = KubeObject>(
    resource: ApiResource,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
    subresource?: 'status',
    query?: Query,
  ): Promise<T> {
    const def = kindDef(resource);
    return this.svc.patch(
      def,
      namespace,
      name,
      patchTypes[type],
      patch,
      writeContext(this.user, query),
      subresource,
    ) as Promise<T>;
  }

  async delete(
    resource: ApiResource,
    namespace: string | undefined,
    name: string,
    options?: Record<string, unknown>,
  ): Promise<KubeObject | Status> {
    const def = kindDef(resource);
    const result = await this.svc.delete(def, namespace, name, (options ?? {}) as DeleteOptions, {
      user: this.user,
    });
    if (!result.deleted || def.strategy?.returnDeletedObject) return result.object;
    return success({ name, group: def.group, kind: def.resource, uid: result.object.metadata.uid });
  }

  async createSubresource<T = unknown>(
    resource: ApiResource,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<T> {
    const def = kindDef(resource);
    if (def === PODS && subresource === 'binding') {
      await this.svc.bind(namespace ?? '', name, body as { target?: { name?: string } }, { user: this.user });
      return success({ name, kind: 'pods' }) as T;
    }
    if (def === PODS && subresource === 'eviction') {
      await evict(this.svc, namespace ?? '', name, (body ?? {}) as Eviction, { user: this.user });
      return success({ name, kind: 'pods' }) as T;
    }
    throw errors.pathNotFound();
  }

  watch<T = KubeObject>(
    resource: ApiResource,
    q: WatchQuery,
    onEvent: (ev: WatchEvent<T>) => void,
  ): WatchHandle {
    const def = kindDef(resource);
    let stop = () => {};
    let stopped = false;
    const done = new Promise<void>((resolve, reject) => {
      const from = Number(q.resourceVersion ?? 0);
      this.svc
        .watch(
          def,
          {
            namespace: q.namespace,
            labelSelector: q.labelSelector,
            fieldSelector: q.fieldSelector,
            fromRevision: from,
          },
          (ev) => onEvent({ type: ev.type, object: ev.object as T }),
          (err) => (err ? reject(err) : resolve()),
        )
        .then((w) => {
          stop = () => {
            w.stop();
            resolve();
          };
          if (stopped) stop();
        }, reject);
    });
    return {
      stop: () => {
        stopped = true;
        stop();
      },
      done,
    };
  }
}
