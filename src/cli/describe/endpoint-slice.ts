import { ENDPOINT_SLICES, type EndpointSlice, type Event } from '../../api/kinds/index.js';
import {
  describeEvents,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  orUnset,
  printAnnotationsMultiline,
  printLabelsMultiline,
  tabbed,
  withEvents,
} from './shared.js';

/** kubectl's describeEndpointSliceV1. */
export function describeEndpointSliceText(eps: EndpointSlice, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', eps.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    if (!eps.ports?.length) w.write(LEVEL_0, 'Ports: <unset>\n');
    else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of eps.ports)
        w.write(LEVEL_1, `${p.name || '<unset>'}\t${orUnset(p.port)}\t${p.protocol ?? ''}\n`);
    }
    if (!eps.endpoints?.length) w.write(LEVEL_0, 'Endpoints: <none>\n');
    else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const ep of eps.endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${ep.addresses.join(', ') || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        w.write(LEVEL_3, `Ready:\t${orUnset(ep.conditions?.ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${orUnset(ep.hostname)}\n`);
        if (ep.targetRef) w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind}/${ep.targetRef.name}\n`);
        w.write(LEVEL_2, `NodeName:\t${orUnset(ep.nodeName)}\n`);
        w.write(LEVEL_2, `Zone:\t${orUnset(ep.zone)}\n`);
      }
    }
    describeEvents(events, w, now);
  });
}

export const describeEndpointSlice = withEvents<EndpointSlice>(ENDPOINT_SLICES, describeEndpointSliceText);
