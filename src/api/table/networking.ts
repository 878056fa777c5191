/** Ingress, IngressClass (networking.k8s.io/v1) and EndpointSlice (discovery.k8s.io/v1) as printers.go prints them. */
import { since } from '../time.js';
import { listWithMore, loadBalancerIngress } from './format.js';
import { ageColumn, column, nameColumn, type Printer } from './types.js';

export const ingressPrinter: Printer = {
  columns: [
    nameColumn,
    column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  cells(ing, now) {
    const spec = ing.spec ?? {};
    return [
      ing.metadata.name,
      spec.ingressClassName ?? '<none>',
      formatHosts(spec.rules),
      loadBalancerIngress(ing.status?.loadBalancer?.ingress),
      (spec.tls ?? []).length > 0 ? '80, 443' : '80',
      since(ing.metadata.creationTimestamp, now),
    ];
  },
};

function formatHosts(rules: any[] | undefined): string {
  const all = rules ?? [];
  const hosts: string[] = [];
  let more = false;
  for (const rule of all) {
    if (hosts.length === 3) more = true;
    if (!more && rule.host) hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${all.length - 3} more...` : hosts.join(',');
}

export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn,
    column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn,
  ],
  cells(slice, now) {
    const ports = (slice.ports ?? []).map((p: any) =>
      p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*'),
    );
    const addresses = (slice.endpoints ?? []).flatMap((e: any) => e.addresses ?? []);
    return [
      slice.metadata.name,
      slice.addressType ?? '',
      listWithMore(ports),
      listWithMore(addresses),
      since(slice.metadata.creationTimestamp, now),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [
    nameColumn,
    column('Controller', 'Controller that is responsible for handling this class'),
    column('Parameters', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  cells(ic, now) {
    const p = ic.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [
      ic.metadata.name,
      ic.spec?.controller ?? '',
      parameters,
      since(ic.metadata.creationTimestamp, now),
    ];
  },
};
