import { compareText } from '../../api/compare-text.js';
import {
  CONTROLLER_REVISIONS,
  type ControllerRevision,
  type LabelSelector,
  type PodTemplateSpec,
} from '../../api/kinds/index.js';
import { selectorMatches } from '../../api/schema/validate-selector.js';
import type { KubeObject } from '../../api/types.js';
import type { ControllerContext } from '../controller.js';
import { ignoreNotFound, isConflict, updateWithRetry } from '../retry.js';
import { claim } from './claim.js';
import { FNV32_OFFSET, fnv32, safeEncodeString } from './fnv-hash.js';
import { controllerRefOf } from './pods.js';

/*
 * A workload's history as Kubernetes' pkg/controller/history keeps it for DaemonSets and
 * StatefulSets: one ControllerRevision per distinct pod template, named `<owner>-<hash>`,
 * holding the patch that puts that template back, numbered in the order the templates were
 * current. A template that comes back (a rollback) renumbers its old revision rather than
 * making a second one.
 */

export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

/** JSON with keys sorted at every level, as Go's json.Marshal writes a map: the bytes hashed and compared. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The patch a revision holds: it puts `template` back over its owner's spec (Kubernetes' getPatch). */
function templatePatch(template: PodTemplateSpec): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(template), $patch: 'replace' } } };
}

/** The pod template a revision holds. */
export function templateOf(rev: ControllerRevision): PodTemplateSpec {
  const { $patch: _, ...template } = (
    rev.data as { spec: { template: PodTemplateSpec & { $patch?: string } } }
  ).spec.template;
  return template;
}

/** Kubernetes' HashControllerRevision: FNV-1 (32 bit) over the data, then the collision count, safe-encoded. */
function hashRevision(data: unknown, collisionCount?: number): string {
  const bytes = Buffer.from(canonicalJson(data) + (collisionCount ? String(collisionCount) : ''), 'utf8');
  return safeEncodeString(String(fnv32(FNV32_OFFSET, bytes)));
}

const sameData = (a: ControllerRevision, b: ControllerRevision) =>
  canonicalJson(a.data) === canonicalJson(b.data);

function newRevision(
  owner: KubeObject,
  template: PodTemplateSpec,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const data = templatePatch(template);
  const hash = hashRevision(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name!.slice(0, 223)}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...template.metadata?.labels, [CONTROLLER_REVISION_HASH]: hash },
      ...(owner.metadata.annotations ? { annotations: { ...owner.metadata.annotations } } : {}),
      ownerReferences: [controllerRefOf(owner)],
    },
    data,
    revision,
  };
}

/** Oldest first: by revision number, then creation, then name (Kubernetes' SortControllerRevisions). */
function byRevision(a: ControllerRevision, b: ControllerRevision): number {
  if (a.revision !== b.revision) return a.revision - b.revision;
  const created = (r: ControllerRevision) => Date.parse(r.metadata.creationTimestamp ?? '') || 0;
  if (created(a) !== created(b)) return created(a) - created(b);
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/**
 * The revisions `owner` controls, oldest first, once it has adopted the orphans its selector
 * matches (a revision left behind by an owner deleted with `--cascade=orphan`).
 */
export async function ownedRevisions(
  ctx: ControllerContext,
  owner: KubeObject,
  selector: LabelSelector,
): Promise<ControllerRevision[]> {
  const candidates = ctx.informers
    .for<ControllerRevision>(CONTROLLER_REVISIONS)
    .list(owner.metadata.namespace);
  const owned = await claim(ctx, owner, CONTROLLER_REVISIONS, candidates, (r) =>
    selectorMatches(selector, r.metadata.labels ?? {}),
  );
  return owned.sort(byRevision);
}

export interface UpdateRevision {
  revision: ControllerRevision;
  /** status.collisionCount to write: raised when a name was taken by a revision of other data. */
  collisionCount: number;
}

/**
 * The revision of `template`, made the newest: the latest revision when it holds the template,
 * an older one holding it renumbered (a rollback), or a new one. A name taken by different data
 * (a hash collision) raises the collision count and tries the next name.
 */
export async function updateRevision(
  ctx: ControllerContext,
  owner: KubeObject,
  template: PodTemplateSpec,
  revisions: ControllerRevision[],
  collisionCount = 0,
): Promise<UpdateRevision> {
  const next = (revisions.at(-1)?.revision ?? 0) + 1;
  const wanted = newRevision(owner, template, next, collisionCount);
  const equal = revisions.filter((r) => sameData(r, wanted)).at(-1);
  if (equal && equal === revisions.at(-1)) return { revision: equal, collisionCount };
  if (equal) {
    const renumbered = await updateWithRetry(ctx.client, CONTROLLER_REVISIONS, equal, (cur) => ({
      ...cur,
      revision: next,
    }));
    if (renumbered) return { revision: renumbered, collisionCount };
  }
  return createRevision(ctx, owner, template, next, collisionCount);
}

async function createRevision(
  ctx: ControllerContext,
  owner: KubeObject,
  template: PodTemplateSpec,
  revision: number,
  collisionCount: number,
): Promise<UpdateRevision> {
  for (let count = collisionCount; ; count++) {
    const wanted = newRevision(owner, template, revision, count);
    try {
      return { revision: await ctx.client.create(CONTROLLER_REVISIONS, wanted), collisionCount: count };
    } catch (err) {
      if (!isConflict(err)) throw err;
      const taken = await ignoreNotFound(
        ctx.client.get<ControllerRevision>(
          CONTROLLER_REVISIONS,
          wanted.metadata.namespace,
          wanted.metadata.name!,
        ),
      );
      if (taken && sameData(taken, wanted)) return { revision: taken, collisionCount: count };
    }
  }
}

/**
 * Deletes the oldest revisions that are not `live` (current, updating, or worn by a pod) until
 * at most `limit` of those remain (Kubernetes' truncateHistory and cleanupHistory).
 */
export async function truncateHistory(
  ctx: ControllerContext,
  revisions: ControllerRevision[],
  live: (rev: ControllerRevision) => boolean,
  limit: number,
): Promise<void> {
  const history = revisions.filter((r) => !live(r));
  for (const r of history.slice(0, Math.max(0, history.length - limit))) {
    await ignoreNotFound(ctx.client.delete(CONTROLLER_REVISIONS, r.metadata.namespace, r.metadata.name!));
  }
}
