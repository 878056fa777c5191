import {
  CONTROLLER_REVISIONS,
  type ControllerRevision,
  type Deployment,
  type LabelSelector,
  type PodTemplateSpec,
  REPLICA_SETS,
  type ReplicaSet,
} from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { CHANGE_CAUSE, revisionOf } from '../../reconcile/deployment/util.js';
import { labelSelectorToString } from '../../store/selector.js';
import { columnWidths } from '../columns.js';
import { describePodTemplate } from '../describe/pod-template.js';
import { DescribeWriter } from '../describe/shared.js';
import { isApps, resourceName, type Target } from '../targets.js';

/** One revision of a workload: a Deployment's ReplicaSet, or a ControllerRevision of a DaemonSet or StatefulSet. */
export interface Revision {
  revision: number;
  template: PodTemplateSpec;
  changeCause?: string;
  /** The ReplicaSet or ControllerRevision it was read from. */
  source: KubeObject;
}

const controlledBy = (owner: KubeObject) => (o: KubeObject) =>
  o.metadata.ownerReferences?.some((r) => r.controller && r.uid === owner.metadata.uid) ?? false;

async function controlled<T extends KubeObject>(
  client: Client,
  def: typeof REPLICA_SETS,
  owner: KubeObject & { spec?: { selector?: LabelSelector } },
): Promise<T[]> {
  const labelSelector = labelSelectorToString(owner.spec?.selector ?? {});
  const list = await client.list<T>(def, { namespace: owner.metadata.namespace, labelSelector });
  return list.items.filter(controlledBy(owner));
}

/**
 * The object and its revisions, as kubectl's history viewers read them: a Deployment's from
 * the ReplicaSets it controls, a DaemonSet's or StatefulSet's from its ControllerRevisions.
 */
export async function revisionsOf(
  client: Client,
  t: Target,
): Promise<{ obj: KubeObject; revisions: Revision[] }> {
  const workload = ['deployments', 'daemonsets', 'statefulsets'].some((r) => isApps(t.def, r));
  if (!workload) throw new Error(`no history viewer has been implemented for "${resourceName(t.def)}"`);
  const obj = await client.get<Deployment>(t.def, t.namespace, t.name);
  if (isApps(t.def, 'deployments')) {
    const rss = await controlled<ReplicaSet>(client, REPLICA_SETS, obj);
    const revisions = rss.map((rs) => ({
      revision: revisionOf(rs),
      template: rs.spec?.template ?? {},
      changeCause: rs.metadata.annotations?.[CHANGE_CAUSE],
      source: rs,
    }));
    return { obj, revisions };
  }
  const history = await controlled<ControllerRevision>(client, CONTROLLER_REVISIONS, obj);
  const revisions = history.map((cr) => {
    const template = structuredClone(
      (cr.data as { spec?: { template?: PodTemplateSpec } })?.spec?.template ?? {},
    );
    delete (template as Record<string, unknown>).$patch;
    return {
      revision: cr.revision,
      template,
      changeCause: cr.metadata.annotations?.[CHANGE_CAUSE],
      source: cr,
    };
  });
  return { obj, revisions };
}

/**
 * What `rollout history` prints after the object's name: a REVISION / CHANGE-CAUSE table, or
 * with `revision` that revision's pod template (its change cause among the annotations).
 */
export async function history(client: Client, t: Target, revision = 0): Promise<string> {
  const { revisions } = await revisionsOf(client, t);
  const byRevision = new Map(revisions.map((r) => [r.revision, r]));
  if (revision > 0) {
    const r = byRevision.get(revision);
    if (!r) throw new Error('unable to find the specified revision');
    const template = structuredClone(r.template);
    if (r.changeCause && isApps(t.def, 'deployments'))
      template.metadata = {
        ...template.metadata,
        annotations: { ...template.metadata?.annotations, [CHANGE_CAUSE]: r.changeCause },
      };
    // kubectl prints the template through a plain writer: tab-separated, not aligned.
    const w = new DescribeWriter(false);
    describePodTemplate(template, w);
    return `with revision #${revision}\n${w}`;
  }
  if (byRevision.size === 0) return '\nNo rollout history found.';
  const rows = [...byRevision.keys()]
    .sort((a, b) => a - b)
    .map((n) => [String(n), byRevision.get(n)!.changeCause || '<none>']);
  // kubectl's tabwriter here pads columns by two spaces, not the three of its tables.
  const table = [['REVISION', 'CHANGE-CAUSE'], ...rows];
  const [width] = columnWidths(table);
  return `\n${table.map(([n, cause]) => `${n.padEnd(width + 2)}${cause}`).join('\n')}\n`;
}
