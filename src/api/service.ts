import {
  type ListOptions,
  type ResourceRef,
  type Store,
  StoreError,
  type StoreWatch,
  type StoreWatchEvent,
} from '../store/types.js';
import { admitCreate, admitDelete, admitUpdate } from './admission.js';
import { ApiError, errors } from './errors.js';
import { carryServerMeta, initMeta, sameContent } from './object-meta.js';
import { applyPatch } from './patch/index.js';
import { findByKind, groupVersion, type ResourceDef, resources } from './resources.js';
import {
  applyDefaults,
  decodeObject,
  resolveRef,
  schemaFor,
  validateCreate,
  validateUpdate,
} from './schema/index.js';
import { mergeStringData } from './secret-string-data.js';
import { timestamp } from './time.js';
import type { KubeList, KubeObject } from './types.js';
import { toServedVersion, toStoredVersion } from './versions.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What a request carries besides its body: field validation mode, and where warnings go. */
export interface WriteContext {
  fieldValidation?: FieldValidation;
  dryRun?: boolean;
  warnings?: string[];
  /** The API version the request came in on, when not the stored one: a patch applies to that view. */
  version?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export type DeleteResult = { deleted: true; object: KubeObject } | { deleted: false; object: KubeObject };

export function refOf(def: ResourceDef): ResourceRef {
  return { group: def.group, resource: def.resource };
}

const NAMESPACES = resources.find((r) => r.resource === 'namespaces')!;

/**
 * The semantics of the Kubernetes REST verbs over the store: decoding, defaulting,
 * validation, metadata, status subresources, graceful deletion and finalizers. The HTTP
 * layer and the in-process controllers both go through here, so every write keeps the
 * same invariants.
 */
export class ResourceService {
  constructor(readonly store: Store) {}

  async get(def: ResourceDef, namespace: string | undefined, name: string): Promise<KubeObject> {
    const obj = await this.store.get<KubeObject>(refOf(def), scope(def, namespace), name);
    if (!obj) throw errors.notFound({ group: def.group, kind: def.resource, name });
    return obj;
  }

  async list(def: ResourceDef, opts: ListOptions): Promise<KubeList> {
    const res = await this.wrapStore(def, '', () =>
      this.store.list(refOf(def), { ...opts, namespace: def.namespaced ? opts.namespace : undefined }),
    );
    return {
      apiVersion: groupVersion(def),
      kind: `${def.kind}List`,
      metadata: {
        resourceVersion: String(res.revision),
        ...(res.continue ? { continue: res.continue } : {}),
        ...(res.remainingItemCount !== undefined ? { remainingItemCount: res.remainingItemCount } : {}),
      },
      items: res.items as KubeObject[],
    };
  }

  async create(
    def: ResourceDef,
    namespace: string | undefined,
    body: unknown,
    ctx: WriteContext = {},
  ): Promise<KubeObject> {
    const obj = this.decode(def, namespace, body, ctx);
    if (!obj.metadata.name && !obj.metadata.generateName) {
      throw errors.invalid(def.group, def.kind, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        },
      ]);
    }
    if (def.namespaced) await this.checkNamespaceOpen(def, obj);
    initMeta(obj);
    applyDefaults(obj);
    await admitCreate(this, def, obj);
    const causes = validateCreate(obj);
    if (causes.length) throw errors.invalid(def.group, def.kind, obj.metadata.name ?? '', causes);
    if (ctx.dryRun) return obj;
    return this.wrapStore(def, obj.metadata.name!, () => this.store.create(refOf(def), obj));
  }

  /** PUT of an object or of its status subresource. */
  async update(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    body: unknown,
    ctx: WriteContext = {},
    subresource?: 'status',
  ): Promise<KubeObject> {
    const obj = this.decode(def, namespace, body, ctx);
    if (obj.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const current = await this.get(def, namespace, name);
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw this.conflict(def, name);
    return this.replace(def, current, obj, ctx, subresource);
  }

  async patch(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    ctx: WriteContext = {},
    subresource?: 'status',
  ): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(def, namespace, name);
      const version = ctx.version ?? def.version;
      const patched = applyPatch(
        contentType,
        toServedVersion(def, current, version),
        patch,
        schemaFor(def.group, version, def.kind),
        resolveRef,
      );
      const obj = this.decode(def, namespace, patched, ctx);
      // A resourceVersion the patch sets is a precondition, as with an update.
      const rv = obj.metadata.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) throw this.conflict(def, name);
      obj.metadata.resourceVersion = current.metadata.resourceVersion;
      try {
        return await this.replace(def, current, obj, ctx, subresource);
      } catch (err) {
        // A write raced ours between read and write: a patch applies to whatever is current.
        if (attempt < 5 && err instanceof ApiError && err.status.reason === 'Conflict') continue;
        throw err;
      }
    }
  }

  async delete(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): Promise<DeleteResult> {
    const current = await this.get(def, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw errors.conflict(
        { group: def.group, kind: def.resource, name },
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw errors.conflict(
        { group: def.group, kind: def.resource, name },
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    const next = structuredClone(current);
    const m = next.metadata;
    const policy = opts.propagationPolicy ?? (opts.orphanDependents ? 'Orphan' : undefined);
    const finalizers = new Set(m.finalizers ?? []);
    if (!m.deletionTimestamp) {
      if (policy === 'Foreground') finalizers.add('foregroundDeletion');
      if (policy === 'Orphan') finalizers.add('orphan');
    }
    const grace = admitDelete(def, next, opts.gracePeriodSeconds);
    if (finalizers.size === 0 && grace === 0 && specFinalizers(next).length === 0) {
      if (opts.dryRun?.length) return { deleted: true, object: current };
      const deleted = await this.wrapStore(def, name, () =>
        this.store.delete<KubeObject>(refOf(def), scope(def, namespace), name, {
          expectedRevision: Number(current.metadata.resourceVersion),
        }),
      );
      return { deleted: true, object: deleted };
    }
    if (
      m.deletionTimestamp &&
      grace >= (m.deletionGracePeriodSeconds ?? 0) &&
      sameSet(finalizers, m.finalizers)
    ) {
      return { deleted: false, object: current };
    }
    const now = Date.now();
    const requested = new Date(now + grace * 1000);
    if (!m.deletionTimestamp || new Date(m.deletionTimestamp) > requested)
      m.deletionTimestamp = timestamp(requested);
    m.deletionGracePeriodSeconds = grace;
    m.finalizers = finalizers.size ? [...finalizers] : undefined;
    if (!m.finalizers) delete m.finalizers;
    if (opts.dryRun?.length) return { deleted: false, object: next };
    const stored = await this.wrapStore(def, name, () =>
      this.store.update(refOf(def), next, { expectedRevision: Number(current.metadata.resourceVersion) }),
    );
    return { deleted: false, object: stored };
  }

  /** Deletes each listed object; answers the list as it was before, as Kubernetes does. */
  async deleteCollection(
    def: ResourceDef,
    namespace: string | undefined,
    list: ListOptions,
    opts: DeleteOptions = {},
  ): Promise<KubeList> {
    const listed = await this.list(def, { ...list, namespace });
    for (const item of listed.items) {
      try {
        await this.delete(def, item.metadata.namespace, item.metadata.name!, opts);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
    return listed;
  }

  watch(
    def: ResourceDef,
    opts: Omit<ListOptions, 'limit' | 'continue'> & { fromRevision: number },
    listener: (ev: StoreWatchEvent) => void,
    onClose?: (err?: Error) => void,
  ): Promise<StoreWatch> {
    return this.wrapStore(def, '', () =>
      this.store.watch(
        refOf(def),
        { ...opts, namespace: def.namespaced ? opts.namespace : undefined },
        listener,
        onClose,
      ),
    );
  }

  /** Writes `obj` over `current`, keeping what the server owns; deletes when the last finalizer goes. */
  private async replace(
    def: ResourceDef,
    current: KubeObject,
    obj: KubeObject,
    ctx: WriteContext,
    subresource?: 'status',
  ): Promise<KubeObject> {
    let next: KubeObject;
    if (subresource === 'status') {
      next = { ...structuredClone(current), status: obj.status };
    } else {
      next = obj;
      if (def.subresources?.includes('status')) {
        if (current.status === undefined) delete next.status;
        else next.status = structuredClone(current.status);
      }
    }
    carryServerMeta(next, current);
    await admitUpdate(this, def, next, current);
    applyDefaults(next);
    const causes = validateUpdate(next, current);
    if (causes.length) throw errors.invalid(def.group, def.kind, current.metadata.name ?? '', causes);
    if (ctx.dryRun) return next;
    if (
      next.metadata.deletionTimestamp &&
      !next.metadata.finalizers?.length &&
      !specFinalizers(next).length &&
      !needsGrace(def, next)
    ) {
      return this.wrapStore(def, current.metadata.name!, () =>
        this.store.delete<KubeObject>(refOf(def), current.metadata.namespace ?? '', current.metadata.name!, {
          expectedRevision: Number(current.metadata.resourceVersion),
        }),
      );
    }
    if (sameContent(next, current)) return current;
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    return this.wrapStore(def, current.metadata.name!, () =>
      this.store.update(refOf(def), next, { expectedRevision: Number(current.metadata.resourceVersion) }),
    );
  }

  /** Turns a request body into an object of this resource, as the API server decodes it. */
  private decode(
    def: ResourceDef,
    namespace: string | undefined,
    body: unknown,
    ctx: WriteContext,
  ): KubeObject {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw errors.badRequest('the body of the request must be a JSON or YAML object');
    const obj = structuredClone(body) as KubeObject;
    const gv = groupVersion(def);
    obj.apiVersion ??= ctx.version && def.group ? `${def.group}/${ctx.version}` : gv;
    obj.kind ??= def.kind;
    if (
      obj.kind !== def.kind ||
      !findByKind(obj.apiVersion, obj.kind) ||
      findByKind(obj.apiVersion, obj.kind) !== def
    ) {
      throw errors.badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`,
      );
    }
    if (typeof obj.metadata !== 'object' || obj.metadata === null) obj.metadata = {};
    if (def.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    } else {
      delete obj.metadata.namespace;
    }
    const mode = ctx.fieldValidation ?? 'Warn';
    const decoded = decodeObject(obj, { strict: mode === 'Strict' });
    if (decoded.errors.length) throw errors.badRequest(decoded.errors.join(', '));
    if (decoded.unknownFields.length) {
      const msgs = decoded.unknownFields.map((f) => `unknown field "${f}"`);
      if (mode === 'Strict')
        throw errors.badRequest(
          `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${msgs.join(', ')}`,
        );
      if (mode === 'Warn') ctx.warnings?.push(...msgs);
    }
    if (def.kind === 'Secret') mergeStringData(decoded.object);
    return toStoredVersion(def, decoded.object);
  }

  private async checkNamespaceOpen(def: ResourceDef, obj: KubeObject): Promise<void> {
    const ns = obj.metadata.namespace;
    if (!ns) throw errors.badRequest('the namespace of the object must be set');
    const nsObj = await this.store.get<KubeObject>(refOf(NAMESPACES), '', ns);
    if (!nsObj) throw errors.notFound({ kind: 'namespaces', name: ns });
    if (nsObj.metadata.deletionTimestamp) {
      throw errors.forbidden(
        { group: def.group, kind: def.resource, name: obj.metadata.name ?? obj.metadata.generateName },
        `unable to create new content in namespace ${ns} because it is being terminated`,
      );
    }
  }

  private conflict(def: ResourceDef, name: string): ApiError {
    return errors.conflict(
      { group: def.group, kind: def.resource, name },
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }

  private async wrapStore<T>(def: ResourceDef, name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      const t = { group: def.group, kind: def.resource, name };
      switch (err.code) {
        case 'NotFound':
          throw errors.notFound(t);
        case 'AlreadyExists':
          throw errors.alreadyExists(t);
        case 'Conflict':
          throw this.conflict(def, name);
        case 'Expired':
          throw errors.expired(err.message);
        default:
          throw errors.badRequest(err.message);
      }
    }
  }
}

function scope(def: ResourceDef, namespace: string | undefined): string {
  return def.namespaced ? (namespace ?? '') : '';
}

/** A Namespace is held by spec.finalizers until the namespace controller has emptied it. */
export function specFinalizers(obj: KubeObject): string[] {
  return obj.kind === 'Namespace'
    ? ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [])
    : [];
}

function sameSet(a: Set<string>, b: string[] | undefined): boolean {
  return a.size === (b?.length ?? 0) && (b ?? []).every((x) => a.has(x));
}

/** A bound pod stays (terminating) until its node agent has stopped its containers. */
function needsGrace(def: ResourceDef, obj: KubeObject): boolean {
  return (
    def.kind === 'Pod' &&
    !!(obj.spec as { nodeName?: string } | undefined)?.nodeName &&
    (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0
  );
}
