/** Where the API's writes meet field management: who the manager is, and the kind's schema. */
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../auth/user.js';
import { groupVersion, type KindDef } from '../kinds/index.js';
import { resolveRef, schemaFor } from '../schema/index.js';
import { timestamp } from '../time.js';
import type { KubeObject } from '../types.js';
import type { FieldSet } from './field-set.js';
import { FieldManager } from './record.js';
import { Typed } from './typed.js';

/** What a write request says about field management. */
export interface FieldRequest {
  /** The manager the request names in its `fieldManager` parameter. */
  fieldManager?: string;
  /** Its User-Agent up to the first '/': the manager of a write that names none (`kubectl-edit`). */
  agent?: string;
  /** `force=true`: an apply takes the fields it conflicts on. */
  force?: boolean;
  /** Set by an apply: the fields of the applied configuration. */
  applied?: FieldSet;
  /** Writes through the scale subresource are owned as such. */
  fieldSubresource?: 'scale';
}

/** The manager and force a request names, as the API server reads them from the query and headers. */
export function fieldRequest(url: URL, req: IncomingMessage): FieldRequest {
  const q = url.searchParams;
  const fieldManager = q.get('fieldManager') || undefined;
  const agent = (req.headers['user-agent'] ?? '').split('/')[0] || undefined;
  return {
    ...(fieldManager ? { fieldManager } : {}),
    ...(agent ? { agent } : {}),
    ...(q.has('force') ? { force: q.get('force') === 'true' } : {}),
  };
}

/** Who in-process writers are, when they name no manager: the components Kubernetes names. */
function managerOf(user: UserInfo | undefined): string {
  const name = user?.name ?? '';
  if (name === 'system:kube-controller-manager') return 'kube-controller-manager';
  if (name === 'system:kube-scheduler') return 'kube-scheduler';
  if (name.startsWith('system:node:')) return 'kubelet';
  return 'kube-apiserver';
}

const typed = new Typed(resolveRef);
// A custom kind is made anew when its CRD changes: the old one's managers go with it.
const managers = new WeakMap<KindDef, Map<string, FieldManager>>();

/**
 * The field manager of a kind as written in `version`. Built-in kinds are typed by their stored
 * version's schema; a custom kind by the CRD's structural schema of the version written (its
 * list and map types may differ between versions, its field paths do not), as Kubernetes types
 * custom resources.
 */
export function fieldManagerFor(def: KindDef, version = def.version): FieldManager {
  let byVersion = managers.get(def);
  if (!byVersion) managers.set(def, (byVersion = new Map()));
  const served = def.untyped ? (def.versions.find((v) => v.name === version) ?? def.versions[0]) : undefined;
  const key = served?.name ?? def.version;
  let fm = byVersion.get(key);
  if (!fm) {
    fm = new FieldManager(
      typed,
      served ? served.schema : schemaFor(def.group, def.version, def.kind),
      !!def.subresources?.some((s) => s.name === 'status'),
      // Go structs start with their by-value fields; a custom resource starts empty.
      !def.untyped,
    );
    byVersion.set(key, fm);
  }
  return fm;
}

/**
 * Records the write of `next` over `current` (none: a create) in next.metadata.managedFields.
 * Binding a pod and finalizing a namespace change what the server owns: no one's fields move.
 */
export function recordWrite(
  def: KindDef,
  current: KubeObject | undefined,
  next: KubeObject,
  ctx: FieldRequest & { user?: UserInfo; version?: string },
  subresource?: string,
): void {
  if (subresource === 'binding' || subresource === 'finalize') {
    if (current?.metadata.managedFields) next.metadata.managedFields = current.metadata.managedFields;
    return;
  }
  const version = ctx.version ?? def.version;
  fieldManagerFor(def, version).record(current, next, {
    manager: ctx.fieldManager ?? ctx.agent ?? managerOf(ctx.user),
    apiVersion: groupVersion({ ...def, version }),
    subresource: subresource === 'status' ? 'status' : ctx.fieldSubresource,
    ...(ctx.applied ? { apply: { set: ctx.applied, force: !!ctx.force } } : {}),
    time: timestamp(),
  });
}

/** Whether a write leaves the managed fields as they were (a write that changes nothing else is not stored). */
export function sameManagedFields(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a.metadata.managedFields ?? []) === JSON.stringify(b.metadata.managedFields ?? []);
}
