import {
  ENDPOINT_SLICES,
  type EndpointSlice,
  type Event,
  SERVICE_NAME_LABEL,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import { formatLabels } from '../../api/table/format.js';
import type { Client } from '../../client/client.js';
import {
  describeEvents,
  describeTransitionConditions,
  LEVEL_0,
  printAnnotationsMultiline,
  printLabelsMultiline,
  searchEvents,
  tabbed,
} from './shared.js';

const joinHostPort = (host: string, port: number | undefined) =>
  `${host.includes(':') ? `[${host}]` : host}:${port ?? 0}`;

/**
 * formatEndpointSlices: the ready addresses (with the port when the slice has the named one),
 * at most three and then `+ N more...`; `<none>` without slices.
 */
export function formatEndpointSlices(slices: EndpointSlice[], portName?: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  const take = (ready: boolean | undefined | null, text: () => string) => {
    if (list.length === 3) more = true;
    if (ready === false) return;
    if (!more) list.push(text());
    count++;
  };
  for (const slice of slices) {
    if (!slice.ports?.length) {
      for (const ep of slice.endpoints ?? []) take(ep.conditions?.ready, () => ep.addresses[0]);
      continue;
    }
    for (const port of slice.ports) {
      if (portName !== undefined && (port.name ?? '') !== portName) continue;
      for (const ep of slice.endpoints ?? [])
        take(ep.conditions?.ready, () => joinHostPort(ep.addresses[0], port.port ?? undefined));
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - 3} more...` : text;
}

/** kubectl's describeService. */
export function describeServiceText(
  svc: Service,
  slices: EndpointSlice[],
  events: Event[],
  now = Date.now(),
): string {
  return tabbed((w) => {
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
    if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length)
      w.write(
        LEVEL_0,
        `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? ''))).join(', ')}\n`,
      );
    for (const port of spec.ports ?? []) {
      const name = port.name || '<unset>';
      w.write(LEVEL_0, `Port:\t${name}\t${port.port}/${port.protocol ?? ''}\n`);
      w.write(LEVEL_0, `TargetPort:\t${port.targetPort ?? 0}/${port.protocol ?? ''}\n`);
      if (port.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${port.nodePort}/${port.protocol ?? ''}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, port.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy)
      w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy)
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    if (spec.trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    describeTransitionConditions(w, svc.status?.conditions);
    describeEvents(events, w, now);
  });
}

export async function describeService(client: Client, namespace: string, name: string): Promise<string> {
  const svc = await client.get<Service>(SERVICES, namespace, name);
  const slices = await client
    .list<EndpointSlice>(ENDPOINT_SLICES, { namespace, labelSelector: `${SERVICE_NAME_LABEL}=${name}` })
    .then((l) => l.items)
    .catch(() => []);
  const events = await searchEvents(client, { name, namespace, kind: 'Service', uid: svc.metadata.uid });
  return describeServiceText(svc, slices, events);
}
