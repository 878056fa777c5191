import { DAEMON_SETS, type DaemonSet, type Event } from '../../api/kinds/index.js';
import { formatLabels, selectorString } from '../../api/table/format.js';
import type { Client } from '../../client/client.js';
import { describePodTemplate } from './pod-template.js';
import {
  describeEvents,
  LEVEL_0,
  podPhaseCounts,
  printAnnotationsMultiline,
  printLabelsMultiline,
  searchEvents,
  tabbed,
} from './shared.js';

/** kubectl's describeDaemonSet. */
export function describeDaemonSetText(
  ds: DaemonSet,
  pods: string,
  events: Event[],
  now = Date.now(),
): string {
  return tabbed((w) => {
    const status = ds.status;
    w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
    w.write(
      LEVEL_0,
      `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`,
    );
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${pods}\n`);
    describePodTemplate(ds.spec?.template, w);
    describeEvents(events, w, now);
  });
}

export async function describeDaemonSet(client: Client, namespace: string, name: string): Promise<string> {
  const ds = await client.get<DaemonSet>(DAEMON_SETS, namespace, name);
  const pods = await podPhaseCounts(client, namespace, ds.spec?.selector, ds.metadata.uid);
  const events = await searchEvents(client, { name, namespace, kind: 'DaemonSet', uid: ds.metadata.uid });
  return describeDaemonSetText(ds, pods, events);
}
