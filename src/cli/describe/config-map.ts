import { CONFIGMAPS, type ConfigMap, type Event } from '../../api/kinds/index.js';
import {
  describeEvents,
  LEVEL_0,
  printAnnotationsMultiline,
  printLabelsMultiline,
  sortedKeys,
  tabbed,
  withEvents,
} from './shared.js';

/** kubectl's ConfigMap describer: each key and its value, binary keys by size (keys sorted; kubectl's follow a map). */
export function describeConfigMapText(cm: ConfigMap, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const key of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${key}:\n----\n`);
      w.write(LEVEL_0, `${cm.data?.[key]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const key of sortedKeys(cm.binaryData))
      w.write(LEVEL_0, `${key}: ${Buffer.from(cm.binaryData?.[key] ?? '', 'base64').length} bytes\n`);
    w.write(LEVEL_0, '\n');
    describeEvents(events, w, now);
  });
}

export const describeConfigMap = withEvents<ConfigMap>(CONFIGMAPS, describeConfigMapText);
