import { ENDPOINTS, type Endpoints, type Event } from '../../api/kinds/index.js';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  printAnnotationsMultiline,
  printLabelsMultiline,
  tabbed,
  withEvents,
} from './shared.js';

/** kubectl's describeEndpoints: each subset's ready and not-ready addresses and ports. */
export function describeEndpointsText(ep: Endpoints, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ep.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const subset of ep.subsets ?? []) {
      const ips = (list: { ip: string }[] | undefined) => list?.map((a) => a.ip).join(',') || '<none>';
      w.write(LEVEL_1, `Addresses:\t${ips(subset.addresses)}\n`);
      w.write(LEVEL_1, `NotReadyAddresses:\t${ips(subset.notReadyAddresses)}\n`);
      if (subset.ports?.length) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of subset.ports)
          w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    describeEvents(events, w, now);
  });
}

export const describeEndpoints = withEvents<Endpoints>(ENDPOINTS, describeEndpointsText);
