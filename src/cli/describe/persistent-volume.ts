import {
  type Event,
  type NodeSelectorRequirement,
  PERSISTENT_VOLUMES,
  type PersistentVolume,
} from '../../api/kinds/index.js';
import { accessModes } from '../../api/table/format.js';
import { since } from '../../api/time.js';
import { describeVolumeSource } from './pod-template.js';
import {
  type DescribeWriter,
  describeEvents,
  goList,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  printAnnotationsMultiline,
  printLabelsMultiline,
  quantityString,
  tabbed,
  withEvents,
} from './shared.js';

function printTerm(w: DescribeWriter, title: string, reqs: NodeSelectorRequirement[] | undefined): void {
  w.write(LEVEL_2, `${title}:\t`);
  if (!reqs?.length) {
    w.line('<none>');
    return;
  }
  reqs.forEach((r, i) => {
    if (i !== 0) w.write(LEVEL_2, '\t');
    const values = r.values?.length ? ` [${r.values.join(', ')}]` : '';
    w.write(LEVEL_0, `${r.key} ${r.operator.toLowerCase()}${values}\n`);
  });
}

/** kubectl's describePersistentVolume. */
export function describeVolumeText(pv: PersistentVolume, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    const spec = pv.spec ?? {};
    w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', pv.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(pv.metadata.finalizers)}\n`);
    const storageClass =
      pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName ?? '';
    w.write(LEVEL_0, `StorageClass:\t${storageClass}\n`);
    const deletion = pv.metadata.deletionTimestamp;
    w.write(
      LEVEL_0,
      `Status:\t${deletion ? `Terminating (lasts ${since(deletion, now)})` : (pv.status?.phase ?? '')}\n`,
    );
    w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace}/${spec.claimRef.name}` : ''}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantityString(spec.capacity?.storage)}\n`);
    w.write(LEVEL_0, 'Node Affinity:\t');
    const required = spec.nodeAffinity?.required;
    if (!required) w.line('<none>');
    else {
      w.line('');
      w.write(LEVEL_1, 'Required Terms:\t');
      if (!required.nodeSelectorTerms.length) w.line('<none>');
      else {
        w.line('');
        required.nodeSelectorTerms.forEach((t, i) => {
          printTerm(w, `Term ${i}`, t.matchExpressions);
        });
      }
    }
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    if (spec.local)
      w.write(
        LEVEL_2,
        `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`,
      );
    else describeVolumeSource(spec, w);
    describeEvents(events, w, now);
  });
}

export const describePersistentVolume = withEvents<PersistentVolume>(PERSISTENT_VOLUMES, describeVolumeText);
