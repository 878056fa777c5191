import { type Event, INGRESS_CLASSES, type IngressClass } from '../../api/kinds/index.js';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  printAnnotationsMultiline,
  printLabelsMultiline,
  tabbed,
  withEvents,
} from './shared.js';

/** kubectl's describeIngressClassV1. */
export function describeIngressClassText(ic: IngressClass, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', ic.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ic.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const params = ic.spec?.parameters;
    if (params) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (params.apiGroup) w.write(LEVEL_1, `APIGroup:\t${params.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${params.kind}\n`);
      w.write(LEVEL_1, `Name:\t${params.name}\n`);
    }
    describeEvents(events, w, now);
  });
}

export const describeIngressClass = withEvents<IngressClass>(INGRESS_CLASSES, describeIngressClassText);
