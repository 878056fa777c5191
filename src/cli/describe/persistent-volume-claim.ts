import {
  type Event,
  PERSISTENT_VOLUME_CLAIMS,
  type PersistentVolumeClaim,
  PODS,
  type Pod,
} from '../../api/kinds/index.js';
import { accessModes } from '../../api/table/format.js';
import { since } from '../../api/time.js';
import type { Client } from '../../client/client.js';
import {
  describeEvents,
  goList,
  LEVEL_0,
  LEVEL_1,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printMultiline,
  quantityString,
  rfc1123z,
  searchEvents,
  tabbed,
} from './shared.js';

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation first, then the spec's class. */
export const claimClass = (pvc: PersistentVolumeClaim) =>
  pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';

/** kubectl's describePersistentVolumeClaim; `usedBy` are the pods that mount or own it. */
export function describeClaimText(
  pvc: PersistentVolumeClaim,
  usedBy: Pod[],
  events: Event[],
  now = Date.now(),
): string {
  return tabbed((w) => {
    const spec = pvc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `StorageClass:\t${claimClass(pvc)}\n`);
    const deletion = pvc.metadata.deletionTimestamp;
    w.write(
      LEVEL_0,
      `Status:\t${deletion ? `Terminating (lasts ${since(deletion, now)})` : (pvc.status?.phase ?? '')}\n`,
    );
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goList(pvc.metadata.finalizers)}\n`);
    const bound = !!spec.volumeName;
    w.write(LEVEL_0, `Capacity:\t${bound ? quantityString(pvc.status?.capacity?.storage) : ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    if (spec.dataSource) {
      w.write(LEVEL_0, 'DataSource:\n');
      if (spec.dataSource.apiGroup) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind}\n`);
      w.write(LEVEL_1, `Name:\t${spec.dataSource.name}\n`);
    }
    const names = [...usedBy.map((p) => p.metadata.name ?? '')].sort();
    printMultiline(w, 'Used By', names);
    if (pvc.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of pvc.status.conditions)
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
    }
    describeEvents(events, w, now);
  });
}

/** getPodsForPVC: each pod per volume that names the claim, then owner pods not yet listed. */
function podsUsing(pods: Pod[], pvc: PersistentVolumeClaim): Pod[] {
  const using = pods.flatMap((p) =>
    (p.spec?.volumes ?? [])
      .filter((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name)
      .map(() => p),
  );
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = pods.find((p) => p.metadata.uid === ref.uid);
    if (owner && !using.some((p) => p.metadata.uid === owner.metadata.uid)) using.push(owner);
  }
  return using;
}

export async function describePersistentVolumeClaim(
  client: Client,
  namespace: string,
  name: string,
): Promise<string> {
  const pvc = await client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, namespace, name);
  const pods = (await client.list<Pod>(PODS, { namespace })).items;
  const uid = pvc.metadata.uid;
  const events = await searchEvents(client, { name, namespace, kind: 'PersistentVolumeClaim', uid });
  return describeClaimText(pvc, podsUsing(pods, pvc), events);
}
