import { type KindDef, kinds } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import type { ControllerContext } from '../controller.js';
import { isNotFound, updateWithRetry } from '../retry.js';
import { controllerOf, controllerRefOf } from './pods.js';

/**
 * Kubernetes' ControllerRefManager: of `candidates` (the owner's namespace, same kind of child),
 * the ones the owner controls once it has adopted the orphans its selector matches and released
 * its children the selector no longer matches. An owner being deleted adopts nothing; before
 * adopting, the owner is read afresh so a deleted-and-recreated owner of the same name adopts
 * nothing that was its predecessor's.
 */
export async function claim<T extends KubeObject>(
  ctx: ControllerContext,
  owner: KubeObject,
  def: KindDef,
  candidates: T[],
  matches: (obj: T) => boolean,
): Promise<T[]> {
  const uid = owner.metadata.uid;
  const claimed: T[] = [];
  let canAdopt: boolean | undefined;
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    if (ref && ref.uid !== uid) continue;
    if (ref) {
      if (matches(obj)) claimed.push(obj);
      else if (!obj.metadata.deletionTimestamp) await release(ctx, def, obj, uid!);
      continue;
    }
    if (!matches(obj) || obj.metadata.deletionTimestamp || owner.metadata.deletionTimestamp) continue;
    canAdopt ??= await stillTheSame(ctx, owner);
    if (!canAdopt) continue;
    const adopted = await updateWithRetry(ctx.client, def, obj, (cur) => {
      if (controllerOf(cur) || !matches(cur)) return undefined;
      cur.metadata.ownerReferences = [...(cur.metadata.ownerReferences ?? []), controllerRefOf(owner)];
      return cur;
    });
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function stillTheSame(ctx: ControllerContext, owner: KubeObject): Promise<boolean> {
  const def = kinds.byKind(owner.apiVersion, owner.kind);
  if (!def) return false;
  try {
    const fresh = await ctx.client.get(def, owner.metadata.namespace, owner.metadata.name!);
    return fresh.metadata.uid === owner.metadata.uid && !fresh.metadata.deletionTimestamp;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

async function release<T extends KubeObject>(
  ctx: ControllerContext,
  def: KindDef,
  obj: T,
  uid: string,
): Promise<void> {
  await updateWithRetry(ctx.client, def, obj, (cur) => {
    const refs = (cur.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    if (refs.length === (cur.metadata.ownerReferences ?? []).length) return undefined;
    cur.metadata.ownerReferences = refs.length ? refs : undefined;
    return cur;
  });
}
