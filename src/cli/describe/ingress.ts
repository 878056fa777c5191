import {
  ENDPOINT_SLICES,
  type EndpointSlice,
  type Event,
  INGRESSES,
  type Ingress,
  type IngressBackend,
  SERVICE_NAME_LABEL,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import type { Client } from '../../client/client.js';
import { formatEndpointSlices } from './service.js';
import {
  describeEvents,
  errorText,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  printAnnotationsMultiline,
  printLabelsMultiline,
  searchEvents,
  tabbed,
} from './shared.js';

/** A backend as kubectl describes it: `service:port (endpoints)`, or the resource it names. */
export type BackendText = (backend: IngressBackend) => string;

/** kubectl's describeIngressV1, with each backend already put in words. */
export function describeIngressText(
  ing: Ingress,
  backendText: BackendText,
  events: Event[],
  now = Date.now(),
): string {
  return tabbed((w) => {
    const spec = ing.spec ?? {};
    w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ing.metadata.namespace ?? ''}\n`);
    const addresses = new Set(
      (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean),
    );
    w.write(LEVEL_0, `Address:\t${[...addresses].sort().join(',')}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    const defaultBackend = spec.defaultBackend ? backendText(spec.defaultBackend) : '<default>';
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    if (spec.tls?.length) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of spec.tls) {
        const hosts = (t.hosts ?? []).join(',');
        w.write(LEVEL_1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    const rules = (spec.rules ?? []).filter((r) => r.http);
    for (const rule of rules) {
      w.write(LEVEL_1, `${rule.host || '*'}\t\n`);
      for (const path of rule.http?.paths ?? [])
        w.write(LEVEL_2, `\t${path.path ?? ''} \t${backendText(path.backend)}\n`);
    }
    if (rules.length === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
    describeEvents(events, w, now);
  });
}

/** describeBackendV1: reads the service and its endpoint slices for the backend's port. */
async function backendReader(client: Client, namespace: string, ing: Ingress): Promise<BackendText> {
  const texts = new Map<IngressBackend, string>();
  const backends = [
    ...(ing.spec?.defaultBackend ? [ing.spec.defaultBackend] : []),
    ...(ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend)),
  ];
  for (const backend of backends) {
    if (backend.resource) {
      const r = backend.resource;
      texts.set(backend, `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`);
      continue;
    }
    if (!backend.service) {
      texts.set(backend, '');
      continue;
    }
    const { name, port } = backend.service;
    const sb = `${name}:${port?.number ? port.number : (port?.name ?? '')}`;
    try {
      const labelSelector = `${SERVICE_NAME_LABEL}=${name}`;
      const slices = (await client.list<EndpointSlice>(ENDPOINT_SLICES, { namespace, labelSelector })).items;
      const svc = await client.get<Service>(SERVICES, namespace, name);
      let portName = '';
      for (const sp of svc.spec?.ports ?? [])
        if ((port?.number && port.number === sp.port) || (port?.name && port.name === sp.name))
          portName = sp.name ?? '';
      texts.set(backend, `${sb} (${formatEndpointSlices(slices, portName)})`);
    } catch (err) {
      texts.set(backend, `${sb} (<error: ${errorText(err)}>)`);
    }
  }
  return (backend) => texts.get(backend) ?? '';
}

export async function describeIngress(client: Client, namespace: string, name: string): Promise<string> {
  const ing = await client.get<Ingress>(INGRESSES, namespace, name);
  const events = await searchEvents(client, { name, namespace, kind: 'Ingress', uid: ing.metadata.uid });
  return describeIngressText(ing, await backendReader(client, namespace, ing), events);
}
