import { type Event, REPLICA_SETS, type ReplicaSet } from '../../api/kinds/index.js';
import { formatLabelSelector } from '../../api/table/format.js';
import type { Client } from '../../client/client.js';
import { describePodTemplate } from './pod-template.js';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  podPhaseCounts,
  printAnnotationsMultiline,
  printControlledBy,
  printLabelsMultiline,
  searchEvents,
  tabbed,
} from './shared.js';

/** kubectl's describeReplicaSet; `pods` is the Pods Status line (or why it could not be read). */
export function describeReplicaSetText(
  rs: ReplicaSet,
  pods: string,
  events: Event[],
  now = Date.now(),
): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    printControlledBy(w, rs);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${pods}\n`);
    describePodTemplate(rs.spec?.template, w);
    if (rs.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of rs.status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    describeEvents(events, w, now);
  });
}

export async function describeReplicaSet(client: Client, namespace: string, name: string): Promise<string> {
  const rs = await client.get<ReplicaSet>(REPLICA_SETS, namespace, name);
  let pods: string;
  try {
    pods = await podPhaseCounts(client, namespace, rs.spec?.selector, rs.metadata.uid);
  } catch (err) {
    pods = `error in fetching pods: ${err instanceof Error ? err.message : String(err)}`;
  }
  const events = await searchEvents(client, { name, namespace, kind: 'ReplicaSet', uid: rs.metadata.uid });
  return describeReplicaSetText(rs, pods, events);
}
