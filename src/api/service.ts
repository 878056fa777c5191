import {
  type ListOptions,
  type ResourceRef,
  type Store,
  StoreError,
  type StoreWatch,
  type StoreWatchEvent,
} from '../store/types.js';
import { type AdmissionChain, type AdmissionRequest, defaultAdmission } from './admission/index.js';
import { appliedConfig, checkPatchOptions, planApply } from './apply/plan.js';
import { API_SERVER, type UserInfo } from './auth/user.js';
import { ApiError, errors } from './errors.js';
import { KeyedLock } from './keyed-lock.js';
import {
  allows,
  groupVersion,
  type KindDef,
  kinds,
  kindVersion,
  NAMESPACES,
  PODS,
  splitApiVersion,
  toServedVersion,
  toStoredVersion,
} from './kinds/index.js';
import type { NamespaceSpec, ObjectReference, PodCondition, PodSpec } from './kinds/types.generated.js';
import { type FieldRequest, recordWrite, sameManagedFields } from './managed-fields/hook.js';
import { carryServerMeta, initMeta, sameContent } from './object-meta.js';
import { checkObjectSize } from './object-size.js';
import { applyPatch, checkPatchType, patchTypes } from './patch/index.js';
import type { DecodeResult } from './schema/decode.js';
import { fieldErrors as fe, goSprint } from './schema/field-errors.js';
import {
  applyDefaults,
  decodeObject,
  resolveRef,
  schemaFor,
  validateCreate,
  validateUpdate,
} from './schema/index.js';
import { timestamp } from './time.js';
import type { KubeList, KubeObject } from './types.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What a request carries besides its body: who sent it, field validation, dry run, and where warnings go. */
export interface RequestContext extends FieldRequest {
  /** Whoever asked; in-process callers that name no one write as the API server. */
  user?: UserInfo;
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

/** The writes that change part of an object: its status, a pod's node, a namespace's spec finalizers. */
export type WriteSubresource = 'status' | 'binding' | 'finalize';

/** Where a kind's objects come from when they are not stored (metrics.k8s.io): they are read only. */
export interface ResourceReader {
  get(namespace: string | undefined, name: string): Promise<KubeObject>;
  list(opts: ListOptions): Promise<KubeList>;
}

export function refOf(def: KindDef): ResourceRef {
  const stored = def.storedAs ?? def;
  return { group: stored.group, resource: stored.resource };
}

/**
 * The semantics of the Kubernetes REST verbs over the store: decoding, defaulting, admission,
 * validation, metadata, subresources, graceful deletion and finalizers. The HTTP layer and the
 * in-process controllers both go through here, so every write keeps the same invariants.
 */
export class ResourceService {
  private readonly locks = new KeyedLock();
  private readonly readers = new Map<string, ResourceReader>();

  constructor(
    readonly store: Store,
    readonly admission: AdmissionChain = defaultAdmission(),
  ) {}

  /** Serves a kind that is not stored (one that allows get and list only) from a reader. */
  serveFrom(def: KindDef, reader: ResourceReader): void {
    this.readers.set(`${def.group}/${def.resource}`, reader);
  }

  async get(def: KindDef, namespace: string | undefined, name: string): Promise<KubeObject> {
    const reader = this.reader(def, 'get');
    if (reader) return reader.get(def.namespaced ? namespace : undefined, name);
    const obj = await this.wrapStore(def, name, () =>
      this.store.get<KubeObject>(refOf(def), scope(def, namespace), name),
    );
    if (!obj) throw errors.notFound({ group: def.group, kind: def.resource, name });
    return fromStorage(def, obj);
  }

  async list(def: KindDef, opts: ListOptions): Promise<KubeList> {
    const reader = this.reader(def, 'list');
    if (reader) return reader.list({ ...opts, namespace: def.namespaced ? opts.namespace : undefined });
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
      items: (res.items as KubeObject[]).map((o) => fromStorage(def, o)),
    };
  }

  async create(
    def: KindDef,
    namespace: string | undefined,
    body: unknown,
    ctx: RequestContext = {},
  ): Promise<KubeObject> {
    allow(def, 'create');
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
    const attrs = { operation: 'CREATE', def } as const;
    // Admission names a new object as it was asked for, before a generated name.
    const name = obj.metadata.name || obj.metadata.generateName || '';
    return this.locks.run(this.admission.locks(attrs), async () => {
      initMeta(obj);
      applyDefaults(obj);
      // Before admission, as the API server's field manager: what admission sets is no one's.
      recordWrite(def, undefined, obj, ctx);
      const req = { ...this.admissionRequest(attrs, obj, undefined, ctx), name };
      await this.admission.admit(req);
      if (def.strategy?.resetStatusOnCreate) delete obj.status;
      def.strategy?.prepareForCreate?.(obj);
      const causes = validateCreate(obj);
      ctx.warnings?.push(...(def.strategy?.warnings?.(obj) ?? []));
      if (causes.length) throw errors.invalid(def.group, def.kind, obj.metadata.name ?? '', causes);
      await this.admission.validate(req);
      if (ctx.dryRun) {
        // As the API server's dry-run storage: everything but the write, the name's check included.
        const name = obj.metadata.name!;
        const taken = await this.wrapStore(def, name, () =>
          this.store.get(refOf(def), scope(def, obj.metadata.namespace), name),
        );
        if (taken) throw errors.alreadyExists({ group: def.group, kind: def.resource, name });
        return obj;
      }
      checkObjectSize(def, obj);
      return this.wrapStore(def, obj.metadata.name!, () => this.store.create(refOf(def), obj));
    });
  }

  /** PUT of an object or of its status subresource. */
  async update(
    def: KindDef,
    namespace: string | undefined,
    name: string,
    body: unknown,
    ctx: RequestContext = {},
    subresource?: 'status',
  ): Promise<KubeObject> {
    allow(def, 'update');
    const obj = this.decode(def, namespace, body, ctx);
    if (obj.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    // "0", like none at all, asks for no precondition (Kubernetes' AllowUnconditionalUpdate).
    const rv = obj.metadata.resourceVersion === '0' ? undefined : obj.metadata.resourceVersion;
    if (!rv && def.strategy?.conditionalUpdatesOnly)
      throw errors.conflict(
        { group: def.group, kind: def.resource, name },
        'metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      );
    const attempt = async () => {
      const current = await this.get(def, namespace, name);
      if (rv && rv !== current.metadata.resourceVersion) throw conflict(def, name);
      return this.replace(def, current, obj, ctx, subresource);
    };
    // Without a resourceVersion the update is unconditional: a write that got in between is no conflict.
    return rv ? attempt() : this.retryOnConflict(attempt);
  }

  async patch(
    def: KindDef,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    ctx: RequestContext = {},
    subresource?: 'status',
  ): Promise<KubeObject> {
    allow(def, 'patch');
    const apply = contentType.split(';')[0].trim().toLowerCase() === patchTypes.apply;
    checkPatchOptions(apply, ctx);
    if (apply) return this.apply(def, namespace, name, patch, ctx, subresource);
    checkPatchType(contentType);
    return this.retryOnConflict(async () => {
      const current = await this.get(def, namespace, name);
      const version = ctx.version ?? def.version;
      const patched = applyPatch(
        contentType,
        toServedVersion(def, current, version),
        patch,
        def.untyped ? undefined : schemaFor(def.group, version, def.kind),
        resolveRef,
      );
      const obj = this.decode(
        def,
        namespace,
        patched,
        ctx,
        contentType === patchTypes.strategic ? patch : undefined,
      );
      // A resourceVersion the patch sets is a precondition, as with an update.
      const rv = obj.metadata.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) throw conflict(def, name);
      obj.metadata.resourceVersion = current.metadata.resourceVersion;
      return this.replace(def, current, obj, ctx, subresource);
    });
  }

  /** Server-side apply: creates the object, or merges the configuration in by field ownership. */
  private apply(
    def: KindDef,
    namespace: string | undefined,
    name: string,
    body: unknown,
    ctx: RequestContext,
    subresource?: 'status',
  ): Promise<KubeObject> {
    const config = appliedConfig(name, body);
    const manager = ctx.fieldManager ?? '';
    return this.retryOnConflict(async () => {
      const current = await this.get(def, namespace, name).catch((err) => {
        if (subresource || !(err instanceof ApiError && err.code === 404)) throw err;
      });
      if (!current) {
        const { set } = planApply(def, undefined, config, manager, ctx.version ?? def.version);
        // Another apply created it in between: this one becomes an update of it, as Kubernetes' does.
        return this.create(def, namespace, structuredClone(config), { ...ctx, applied: set }).catch((err) => {
          if (err instanceof ApiError && err.status.reason === 'AlreadyExists')
            throw new RaceConflict(err.status);
          throw err;
        });
      }
      const version = ctx.version ?? def.version;
      const plan = planApply(
        def,
        toServedVersion(def, current, version),
        config,
        manager,
        version,
        subresource,
      );
      const obj = this.decode(def, namespace, plan.object, ctx);
      const rv = obj.metadata.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) throw conflict(def, name);
      obj.metadata.resourceVersion = current.metadata.resourceVersion;
      return this.replace(def, current, obj, { ...ctx, applied: plan.set }, subresource);
    });
  }

  /** pods/binding: assigns a pod to a node, as the scheduler does. */
  async bind(
    namespace: string,
    name: string,
    binding: { target?: ObjectReference },
    ctx: RequestContext = {},
  ): Promise<KubeObject> {
    const node = binding.target?.name;
    if (!node)
      throw errors.invalid('', 'Binding', name, [
        { reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' },
      ]);
    return this.retryOnConflict(async () => {
      const pod = await this.get(PODS, namespace, name);
      const spec = (pod.spec ?? {}) as PodSpec;
      const target = { kind: 'pods', name };
      if (spec.nodeName)
        throw errors.conflict(target, `pod ${name} is already assigned to node "${spec.nodeName}"`);
      if (pod.metadata.deletionTimestamp)
        throw errors.conflict(target, `pod ${name} is being deleted, cannot be assigned to a host`);
      const next = structuredClone(pod);
      (next.spec as PodSpec).nodeName = node;
      const status = (next.status ??= {}) as { conditions?: object[] };
      const scheduled = {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: timestamp(),
      };
      status.conditions = [
        ...((status.conditions ?? []) as PodCondition[]).filter((c) => c.type !== 'PodScheduled'),
        scheduled,
      ];
      return this.write(PODS, pod, next, ctx, 'binding');
    });
  }

  /**
   * namespaces/finalize: takes the spec.finalizers of the Namespace sent; an emptied, terminating
   * namespace is then gone.
   */
  async finalize(name: string, body: unknown, ctx: RequestContext = {}): Promise<KubeObject> {
    const sent = this.decode(NAMESPACES, undefined, body, ctx);
    if (sent.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${sent.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const finalizers = (sent.spec as NamespaceSpec | undefined)?.finalizers ?? [];
    return this.retryOnConflict(async () => {
      const ns = await this.get(NAMESPACES, undefined, name);
      const next = structuredClone(ns);
      next.spec = { ...(next.spec as object), finalizers };
      return this.write(NAMESPACES, ns, next, ctx, 'finalize');
    });
  }

  async delete(
    def: KindDef,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
    ctx: RequestContext = {},
  ): Promise<DeleteResult> {
    allow(def, 'delete');
    const attempt = () => this.deleteOnce(def, namespace, name, opts, ctx);
    // A delete without a resourceVersion precondition is unconditional: a write that got in between is no conflict.
    return opts.preconditions?.resourceVersion ? attempt() : this.retryOnConflict(attempt);
  }

  private async deleteOnce(
    def: KindDef,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions,
    ctx: RequestContext,
  ): Promise<DeleteResult> {
    const current = await this.get(def, namespace, name);
    checkPreconditions(def, current, opts);
    const next = structuredClone(current);
    const m = next.metadata;
    const policy = opts.propagationPolicy ?? (opts.orphanDependents ? 'Orphan' : undefined);
    const requested = opts.gracePeriodSeconds;
    if (requested !== undefined && (requested < 0 || !Number.isInteger(requested)))
      throw errors.badRequest(`invalid gracePeriodSeconds: ${requested}`);
    const dryRun = !!opts.dryRun?.length;
    const req = this.admissionRequest({ operation: 'DELETE', def }, current, undefined, { ...ctx, dryRun });
    await this.admission.admit(req);
    await this.admission.validate(req);
    const grace = def.strategy?.beginDelete?.(next, requested) ?? 0;
    // After beginDelete: a kind's strategy may hold its objects with a finalizer of its own (a CRD's).
    const finalizers = new Set(m.finalizers ?? []);
    if (!current.metadata.deletionTimestamp) {
      if (policy === 'Foreground') finalizers.add('foregroundDeletion');
      if (policy === 'Orphan') finalizers.add('orphan');
    }
    const held = finalizers.size > 0 || specFinalizers(def, next).length > 0;
    if (!held && grace === 0) {
      if (dryRun) return { deleted: true, object: current };
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
    )
      return { deleted: false, object: current };
    const requestedAt = new Date(Date.now() + grace * 1000);
    if (!m.deletionTimestamp || new Date(m.deletionTimestamp) > requestedAt)
      m.deletionTimestamp = timestamp(requestedAt);
    m.deletionGracePeriodSeconds = grace;
    m.finalizers = finalizers.size ? [...finalizers] : undefined;
    if (!m.finalizers) delete m.finalizers;
    if (dryRun) return { deleted: false, object: next };
    const stored = await this.wrapStore(def, name, () =>
      this.store.update(refOf(def), next, { expectedRevision: Number(current.metadata.resourceVersion) }),
    );
    return { deleted: false, object: stored };
  }

  /** Deletes each listed object; answers the list as it was before, as Kubernetes does. */
  async deleteCollection(
    def: KindDef,
    namespace: string | undefined,
    list: ListOptions,
    opts: DeleteOptions = {},
    ctx: RequestContext = {},
  ): Promise<KubeList> {
    allow(def, 'deletecollection');
    const listed = await this.list(def, { ...list, namespace });
    for (const item of listed.items) {
      try {
        await this.delete(def, item.metadata.namespace, item.metadata.name!, opts, ctx);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
    return listed;
  }

  watch(
    def: KindDef,
    opts: Omit<ListOptions, 'limit' | 'continue'> & { fromRevision: number },
    listener: (ev: StoreWatchEvent) => void,
    onClose?: (err?: Error) => void,
  ): Promise<StoreWatch> {
    if (!allows(def, 'watch')) return Promise.reject(errors.methodNotAllowed());
    return this.wrapStore(def, '', () =>
      this.store.watch(
        refOf(def),
        { ...opts, namespace: def.namespaced ? opts.namespace : undefined },
        def.fromStorage
          ? (ev) => listener({ ...ev, object: fromStorage(def, ev.object as KubeObject) })
          : listener,
        // A watch the store ends (history compacted under it) ends as the API says so: 410 Expired.
        onClose && ((err) => onClose(err instanceof StoreError ? apiErrorOf(def, '', err) : err)),
      ),
    );
  }

  /** Writes `obj` over `current` through the object or its status: the other part stays as it was. */
  private replace(
    def: KindDef,
    current: KubeObject,
    obj: KubeObject,
    ctx: RequestContext,
    subresource?: 'status',
  ): Promise<KubeObject> {
    let next: KubeObject;
    if (subresource === 'status') {
      next = { ...structuredClone(current), status: obj.status };
    } else {
      next = obj;
      if (def.subresources?.some((s) => s.name === 'status')) {
        if (current.status === undefined) delete next.status;
        else next.status = structuredClone(current.status);
      }
    }
    return this.write(def, current, next, ctx, subresource);
  }

  /** Admits, validates and stores `next` over `current`; deletes it when the last finalizer goes. */
  private write(
    def: KindDef,
    current: KubeObject,
    next: KubeObject,
    ctx: RequestContext,
    subresource?: WriteSubresource,
  ): Promise<KubeObject> {
    const attrs = { operation: 'UPDATE', def, subresource } as const;
    return this.locks.run(this.admission.locks(attrs), async () => {
      carryServerMeta(next, current);
      const req = this.admissionRequest(attrs, next, current, ctx);
      await this.admission.admit(req);
      applyDefaults(next);
      const causes = validateUpdate(next, current);
      if (!subresource) ctx.warnings?.push(...(def.strategy?.warnings?.(next, current) ?? []));
      if (causes.length) throw errors.invalid(def.group, def.kind, current.metadata.name ?? '', causes);
      await this.admission.validate(req);
      recordWrite(def, current, next, ctx, subresource);
      if (ctx.dryRun) return next;
      const name = current.metadata.name!;
      const expectedRevision = Number(current.metadata.resourceVersion);
      if (
        next.metadata.deletionTimestamp &&
        !next.metadata.finalizers?.length &&
        !specFinalizers(def, next).length &&
        !def.strategy?.awaitsGrace?.(next)
      ) {
        return this.wrapStore(def, name, () =>
          this.store.delete<KubeObject>(refOf(def), current.metadata.namespace ?? '', name, {
            expectedRevision,
          }),
        );
      }
      if (sameContent(next, current) && sameManagedFields(next, current)) return current;
      next.metadata.resourceVersion = current.metadata.resourceVersion;
      checkObjectSize(def, next);
      return this.wrapStore(def, name, () => this.store.update(refOf(def), next, { expectedRevision }));
    });
  }

  private admissionRequest(
    attrs: Pick<AdmissionRequest, 'operation' | 'def' | 'subresource'>,
    object: KubeObject,
    oldObject: KubeObject | undefined,
    ctx: RequestContext,
  ): AdmissionRequest {
    return {
      ...attrs,
      namespace: object.metadata.namespace,
      name: object.metadata.name ?? '',
      object,
      oldObject,
      user: ctx.user ?? API_SERVER,
      dryRun: !!ctx.dryRun,
      warnings: ctx.warnings,
      service: this,
    };
  }

  /** A write raced ours between read and write: read-modify-writes apply to whatever is current. */
  private async retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (err) {
        if (i < 5 && err instanceof RaceConflict) continue;
        throw err;
      }
    }
  }

  /** Turns a request body into an object of this kind, in its stored version, as the API server decodes it. */
  private decode(
    def: KindDef,
    namespace: string | undefined,
    body: unknown,
    ctx: RequestContext,
    strategicPatch?: unknown,
  ): KubeObject {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw errors.badRequest('the body of the request must be a JSON or YAML object');
    const obj = structuredClone(body) as KubeObject;
    const gv = groupVersion(def);
    obj.apiVersion ??= ctx.version && def.group ? `${def.group}/${ctx.version}` : gv;
    obj.kind ??= def.kind;
    if (obj.kind !== def.kind && typeof obj.kind === 'string') throw unconvertible(obj, def);
    if (obj.kind !== def.kind || kinds.byKind(obj.apiVersion, obj.kind) !== def) {
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
    const decoded = decodeIn(def, obj);
    // A strategic merge patch turns its result into a typed object through the unstructured converter.
    if (strategicPatch !== undefined && decoded.restoreError)
      throw errors.invalid('', '', '', [fe.invalid('patch', goSprint(strategicPatch), decoded.restoreError)]);
    if (decoded.errors.length) throw errors.badRequest(decoded.errors.join(', '));
    if (decoded.unknownFields.length) {
      const msgs = decoded.unknownFields.map((f) => `unknown field "${f}"`);
      if (mode === 'Strict')
        throw errors.badRequest(
          `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${msgs.join(', ')}`,
        );
      if (mode === 'Warn') ctx.warnings?.push(...msgs);
    }
    def.strategy?.canonicalize?.(decoded.object);
    return toStoredVersion(def, decoded.object);
  }

  /** The reader of a kind that is not stored, once the kind is known to allow the verb. */
  private reader(def: KindDef, verb: 'get' | 'list'): ResourceReader | undefined {
    allow(def, verb);
    return this.readers.get(`${def.group}/${def.resource}`);
  }

  private async wrapStore<T>(def: KindDef, name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof StoreError ? apiErrorOf(def, name, err) : err;
    }
  }
}

/** A verb the kind does not allow is answered 405, as an API server without the route answers. */
function allow(def: KindDef, verb: string): void {
  if (!allows(def, verb)) throw errors.methodNotAllowed();
}

/** The Status a store error is answered with. */
function apiErrorOf(def: KindDef, name: string, err: StoreError): ApiError {
  const t = { group: def.group, kind: def.resource, name };
  switch (err.code) {
    case 'NotFound':
      return errors.notFound(t);
    case 'AlreadyExists':
      return errors.alreadyExists(t);
    case 'Conflict':
      return new RaceConflict(conflict(def, name).status);
    case 'Expired':
      return errors.expired(err.message);
    case 'Unavailable':
      return errors.serviceUnavailable(err.message);
    default:
      return errors.badRequest(err.message);
  }
}

/** Another kind sent where this one belongs: the codec cannot convert it, as kube-apiserver says. */
function unconvertible(obj: KubeObject, def: KindDef): ApiError {
  const version = String(obj.apiVersion).split('/').pop();
  const internal = def.group ? def.group.split('.')[0] : 'core';
  return errors.badRequest(
    `${obj.kind} in version "${version}" cannot be handled as a ${def.kind}: converting (${version}.${obj.kind}) to (${internal}.${def.kind}): unknown conversion`,
  );
}

function conflict(def: KindDef, name: string): ApiError {
  return errors.conflict(
    { group: def.group, kind: def.resource, name },
    'the object has been modified; please apply your changes to the latest version and try again',
  );
}

/** The 409 of a write that another write overtook between its read and its write: worth another go. */
class RaceConflict extends ApiError {}

function checkPreconditions(def: KindDef, current: KubeObject, opts: DeleteOptions): void {
  const pre = opts.preconditions;
  const target = { group: def.group, kind: def.resource, name: current.metadata.name };
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw errors.conflict(
      target,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw errors.conflict(
      target,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
}

/** Decodes a request object by its kind's schema, or by its version's own decoder (custom kinds). */
function decodeIn(def: KindDef, obj: KubeObject): DecodeResult {
  const decode = kindVersion(def, splitApiVersion(obj.apiVersion)[1])?.decode;
  if (!decode) return decodeObject(obj);
  const object = structuredClone(obj);
  const { unknownFields, error } = decode(object);
  return { object, unknownFields, errors: error ? [error] : [] };
}

/** An object as read from storage: a kind may complete it (a custom kind's defaults). */
function fromStorage<T extends KubeObject>(def: KindDef, obj: T): T {
  if (!def.fromStorage) return obj;
  const copy = structuredClone(obj);
  def.fromStorage(copy);
  return copy;
}

function scope(def: KindDef, namespace: string | undefined): string {
  return def.namespaced ? (namespace ?? '') : '';
}

function specFinalizers(def: KindDef, obj: KubeObject): readonly string[] {
  return def.strategy?.specFinalizers?.(obj) ?? [];
}

function sameSet(a: Set<string>, b: string[] | undefined): boolean {
  return a.size === (b?.length ?? 0) && (b ?? []).every((x) => a.has(x));
}
