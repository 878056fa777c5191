import {
  type Event,
  type PersistentVolumeClaim,
  STATEFUL_SETS,
  type StatefulSet,
} from '../../api/kinds/index.js';
import { selectorString } from '../../api/table/format.js';
import type { Client } from '../../client/client.js';
import { claimClass } from './persistent-volume-claim.js';
import { describePodTemplate } from './pod-template.js';
import {
  type DescribeWriter,
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  podPhaseCounts,
  printAnnotationsMultiline,
  printLabelsMultiline,
  quantityString,
  rfc1123z,
  searchEvents,
  tabbed,
} from './shared.js';

/** describeVolumeClaimTemplates: each claim's name, class, labels, capacity and access modes. */
function describeClaimTemplates(templates: PersistentVolumeClaim[] | undefined, w: DescribeWriter): void {
  if (!templates?.length) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata.name ?? ''}\n`);
    w.write(LEVEL_1, `StorageClass:\t${claimClass(pvc)}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata.labels, '  ');
    printLabelsMultiline(w, 'Annotations', pvc.metadata.annotations, '  ');
    const storage = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage !== undefined ? quantityString(storage) : '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

/** kubectl's describeStatefulSet. */
export function describeStatefulSetText(
  ss: StatefulSet,
  pods: string,
  events: Event[],
  now = Date.now(),
): string {
  return tabbed((w) => {
    const spec = ss.spec;
    w.write(LEVEL_0, `Name:\t${ss.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ss.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', ss.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ss.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec?.replicas ?? 1} desired | ${ss.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec?.updateStrategy?.type ?? ''}\n`);
    const ru = spec?.updateStrategy?.rollingUpdate;
    if (ru?.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null)
        w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${pods}\n`);
    describePodTemplate(spec?.template, w);
    describeClaimTemplates(spec?.volumeClaimTemplates, w);
    describeEvents(events, w, now);
  });
}

export async function describeStatefulSet(client: Client, namespace: string, name: string): Promise<string> {
  const ss = await client.get<StatefulSet>(STATEFUL_SETS, namespace, name);
  const pods = await podPhaseCounts(client, namespace, ss.spec?.selector, ss.metadata.uid);
  const events = await searchEvents(client, { name, namespace, kind: 'StatefulSet', uid: ss.metadata.uid });
  return describeStatefulSetText(ss, pods, events);
}
