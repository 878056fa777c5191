import {
  DEPLOYMENTS,
  type Deployment,
  type Event,
  REPLICA_SETS,
  type ReplicaSet,
} from '../../api/kinds/index.js';
import { selectorString } from '../../api/table/format.js';
import type { Client } from '../../client/client.js';
import { findNewReplicaSet } from '../../reconcile/deployment/replica-sets.js';
import { byCreation } from '../../reconcile/deployment/util.js';
import { labelSelectorToString } from '../../store/selector.js';
import { describePodTemplate } from './pod-template.js';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
  searchEvents,
  tabbed,
} from './shared.js';

/** printReplicaSetsByLabels: `name (current/desired replicas created)`, comma-separated. */
const replicaSetList = (list: ReplicaSet[]) =>
  list
    .map(
      (rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`,
    )
    .join(', ') || '<none>';

/** kubectl's describeDeployment; `replicaSets` undefined when they could not be read. */
export function describeDeploymentText(
  d: Deployment,
  replicaSets: { old: ReplicaSet[]; new: ReplicaSet[] } | undefined,
  events: Event[],
  now = Date.now(),
): string {
  return tabbed((w) => {
    const spec = d.spec;
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec?.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
    const ru = spec?.strategy?.rollingUpdate;
    if (ru)
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${ru.maxUnavailable ?? 0} max unavailable, ${ru.maxSurge ?? 0} max surge\n`,
      );
    describePodTemplate(spec?.template, w);
    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (replicaSets && (replicaSets.old.length || replicaSets.new.length)) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetList(replicaSets.old)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetList(replicaSets.new)}\n`);
    }
    describeEvents(events, w, now);
  });
}

/** GetAllReplicaSetsInChunks: the ReplicaSets the Deployment controls, oldest first, split into the new one and the rest. */
async function replicaSetsOf(
  client: Client,
  d: Deployment,
): Promise<{ old: ReplicaSet[]; new: ReplicaSet[] }> {
  const labelSelector = labelSelectorToString(d.spec?.selector ?? {});
  const list = await client.list<ReplicaSet>(REPLICA_SETS, {
    namespace: d.metadata.namespace,
    labelSelector,
  });
  const owned = list.items
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid))
    .sort(byCreation);
  const newRS = findNewReplicaSet(d, owned);
  return { old: owned.filter((rs) => rs !== newRS), new: newRS ? [newRS] : [] };
}

export async function describeDeployment(client: Client, namespace: string, name: string): Promise<string> {
  const d = await client.get<Deployment>(DEPLOYMENTS, namespace, name);
  const events = await searchEvents(client, { name, namespace, kind: 'Deployment', uid: d.metadata.uid });
  const replicaSets = await replicaSetsOf(client, d).catch(() => undefined);
  return describeDeploymentText(d, replicaSets, events);
}
