import type { Deployment, PodTemplateSpec } from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import type { Client } from '../../client/client.js';
import { equalIgnoreHash, withoutHash } from '../../reconcile/deployment/hash.js';
import { ANNOTATIONS_TO_SKIP } from '../../reconcile/deployment/util.js';
import { isApps, type Target } from '../targets.js';
import { type Revision, revisionsOf } from './history.js';

/** The revision to go back to: `to`, or with 0 the one before the latest. */
function pick(revisions: Revision[], to: number, none: string): Revision {
  if (to > 0) {
    const found = revisions.find((r) => r.revision === to);
    if (!found) throw new Error(`unable to find specified revision ${to} in history`);
    return found;
  }
  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);
  if (sorted.length < 2) throw new Error(none);
  return sorted[1];
}

/**
 * `rollout undo` as kubectl's rollbackers do it: a Deployment gets the template of the
 * ReplicaSet of the revision (and that ReplicaSet's annotations) by a JSON patch, and its
 * controller finds that ReplicaSet again; a DaemonSet or StatefulSet gets its ControllerRevision's
 * template by a strategic merge patch.
 */
export async function undo(client: Client, t: Target, toRevision = 0): Promise<string> {
  const { obj, revisions } = await revisionsOf(client, t);
  if (!isApps(t.def, 'deployments')) {
    const target = pick(revisions, toRevision, 'no last revision to roll back to');
    const current = (obj as { spec?: { template?: PodTemplateSpec } }).spec?.template;
    if (sameJson(target.template, current))
      return `skipped rollback (current template already matches revision ${toRevision})`;
    const patch = { spec: { template: { ...target.template, $patch: 'replace' } } };
    await client.patch(t.def, t.namespace, t.name, patch, 'strategic');
    return 'rolled back';
  }
  const d = obj as Deployment;
  if (d.spec?.paused)
    throw new Error(
      "you cannot rollback a paused deployment; resume it first with 'minik8s rollout resume' and try again",
    );
  const target = pick(revisions, toRevision, `no rollout history found for deployment "${t.name}"`);
  if (equalIgnoreHash(target.template, d.spec?.template))
    return `skipped rollback (current template already matches revision ${toRevision})`;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.source.metadata.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: withoutHash(target.template) },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  await client.patch(t.def, t.namespace, t.name, patch, 'json');
  return 'rolled back';
}
