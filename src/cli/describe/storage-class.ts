import { type Event, STORAGE_CLASSES, type StorageClass } from '../../api/kinds/index.js';
import { formatLabels } from '../../api/table/format.js';
import { describeEvents, LEVEL_0, LEVEL_1, tabbed, withEvents } from './shared.js';

/** storageutil.IsDefaultAnnotationText: "Yes" when either default-class annotation says "true". */
const isDefault = (sc: StorageClass) => {
  const a = sc.metadata.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
    ? 'Yes'
    : 'No';
};

/** kubectl's describeStorageClass. */
export function describeStorageClassText(sc: StorageClass, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault(sc)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    const expansion = sc.allowVolumeExpansion;
    w.write(
      LEVEL_0,
      `AllowVolumeExpansion:\t${expansion === undefined || expansion === null ? '<unset>' : expansion ? 'True' : 'False'}\n`,
    );
    if (!sc.mountOptions?.length) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of sc.mountOptions) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies) {
      w.write(LEVEL_0, 'AllowedTopologies:\t');
      if (!sc.allowedTopologies.length) w.line('<none>');
      else {
        w.line('');
        sc.allowedTopologies.forEach((term, i) => {
          const reqs = term.matchLabelExpressions ?? [];
          w.write(LEVEL_1, `Term ${i}:\t`);
          if (!reqs.length) w.line('<none>');
          reqs.forEach((r, j) => {
            if (j !== 0) w.write(LEVEL_1, '\t');
            w.write(LEVEL_0, `${r.key} in${r.values.length ? ` [${r.values.join(', ')}]` : ''}\n`);
          });
        });
      }
    }
    describeEvents(events, w, now);
  });
}

export const describeStorageClass = withEvents<StorageClass>(STORAGE_CLASSES, describeStorageClassText);
