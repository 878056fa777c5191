/** Core (v1) kinds other than Pod and volumes, as printers.go prints them. */
import { since } from '../time.js';
import { containerCells, formatLabels, hostPort, loadBalancerIngress } from './format.js';
import { ageColumn, column, nameColumn, type Printer, wide } from './types.js';

export const namespacePrinter: Printer = {
  columns: [nameColumn, column('Status', 'The status of the namespace'), ageColumn],
  cells: (ns, now) => [ns.metadata.name, ns.status?.phase ?? '', since(ns.metadata.creationTimestamp, now)],
};

const nodeRolePrefix = 'node-role.kubernetes.io/';

export const nodePrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'The status of the node'),
    column('Roles', 'The roles of the node'),
    ageColumn,
    column('Version', 'Kubelet Version reported by the node.'),
    wide('Internal-IP', 'List of addresses reachable to the node.'),
    wide('External-IP', 'List of addresses reachable to the node.'),
    wide(
      'OS-Image',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
    ),
    wide(
      'Kernel-Version',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    ),
    wide('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API.'),
  ],
  cells(node, now) {
    const status: string[] = [];
    const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
    else status.push('Unknown');
    if (node.spec?.unschedulable) status.push('SchedulingDisabled');

    const roles = new Set<string>();
    for (const [key, value] of Object.entries<string>(node.metadata.labels ?? {})) {
      if (key.startsWith(nodeRolePrefix) && key.length > nodeRolePrefix.length)
        roles.add(key.slice(nodeRolePrefix.length));
      else if (key === 'kubernetes.io/role' && value) roles.add(value);
    }
    const info = node.status?.nodeInfo ?? {};
    const address = (type: string) =>
      (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>';
    return [
      node.metadata.name,
      status.join(','),
      [...roles].sort().join(',') || '<none>',
      since(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      address('InternalIP'),
      address('ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const servicePrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column(
      'External-IP',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    ageColumn,
    wide('Selector', 'Route service traffic to pods with label keys and values matching this selector.'),
  ],
  cells(svc, now) {
    const spec = svc.spec ?? {};
    const clusterIP = spec.clusterIPs?.[0] ?? spec.clusterIP;
    const ports = servicePorts(spec.ports);
    return [
      svc.metadata.name,
      spec.type ?? 'ClusterIP',
      clusterIP || '<none>',
      serviceExternalIP(svc),
      ports || '<none>',
      since(svc.metadata.creationTimestamp, now),
      formatLabels(spec.selector),
    ];
  },
};

/** "80/TCP,443:30443/TCP" (makePortString). */
export function servicePorts(ports: any[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

function serviceExternalIP(svc: any): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc.status?.loadBalancer?.ingress);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export const endpointsPrinter: Printer = {
  columns: [
    nameColumn,
    column('Endpoints', 'The set of all endpoints is the union of all subsets.'),
    ageColumn,
  ],
  cells: (ep, now) => [
    ep.metadata.name,
    formatEndpoints(ep.subsets),
    since(ep.metadata.creationTimestamp, now),
  ],
};

/** "10.0.0.1:80,10.0.0.2:80 + 3 more..." (formatEndpoints), "<none>" without subsets. */
function formatEndpoints(subsets: any[] | undefined): string {
  if (!subsets || subsets.length === 0) return '<none>';
  const list: string[] = [];
  for (const subset of subsets) {
    const addresses: any[] = subset.addresses ?? [];
    const ports: any[] = subset.ports ?? [];
    if (ports.length === 0) for (const a of addresses) list.push(a.ip);
    else for (const port of ports) for (const a of addresses) list.push(hostPort(a.ip, port.port));
  }
  const shown = list.slice(0, 3).join(',');
  return list.length > 3 ? `${shown} + ${list.length - 3} more...` : shown;
}

export const configMapPrinter: Printer = {
  columns: [nameColumn, column('Data', 'Data contains the configuration data.'), ageColumn],
  cells: (cm, now) => [
    cm.metadata.name,
    Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    since(cm.metadata.creationTimestamp, now),
  ],
};

export const secretPrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'Data contains the secret data.'),
    ageColumn,
  ],
  cells: (secret, now) => [
    secret.metadata.name,
    secret.type ?? 'Opaque',
    Object.keys(secret.data ?? {}).length,
    since(secret.metadata.creationTimestamp, now),
  ],
};

export const serviceAccountPrinter: Printer = {
  columns: [
    nameColumn,
    column(
      'Secrets',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    ageColumn,
  ],
  cells: (sa, now) => [
    sa.metadata.name,
    (sa.secrets ?? []).length,
    since(sa.metadata.creationTimestamp, now),
  ],
};

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column(
      'Reason',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'The object that this event is about.'),
    wide(
      'Subobject',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
    ),
    wide('Source', 'The component reporting this event.'),
    column('Message', 'A human-readable description of the status of this operation.'),
    wide('First Seen', 'The time at which the event was first recorded.'),
    wide('Count', 'The number of times this event has occurred.'),
    column('Name', nameColumn.description, { format: 'name', priority: 1 }),
  ],
  cells(ev, now) {
    const firstSeen = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
    let lastSeen = ev.lastTimestamp ? since(ev.lastTimestamp, now) : firstSeen;
    let count = ev.count ?? 0;
    if (ev.series) {
      lastSeen = since(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      count = 1;
    }
    const involved = ev.involvedObject ?? {};
    const kind = String(involved.kind ?? '').toLowerCase();
    const component = ev.source?.component || ev.reportingComponent || '';
    const host = ev.source?.host || ev.reportingInstance || '';
    return [
      lastSeen,
      ev.type ?? '',
      ev.reason ?? '',
      involved.name ? `${kind}/${involved.name}` : kind,
      involved.fieldPath ?? '',
      host ? `${component}, ${host}` : component,
      String(ev.message ?? '').trim(),
      firstSeen,
      count,
      ev.metadata.name,
    ];
  },
};

export const replicationControllerPrinter: Printer = {
  columns: [
    nameColumn,
    column('Desired', 'Replicas is the number of desired replicas.', { type: 'integer' }),
    column('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
    column('Ready', 'The number of ready replicas for this replication controller.', { type: 'integer' }),
    ageColumn,
    wide('Containers', 'Names of each container in the template.'),
    wide('Images', 'Images referenced by each container in the template.'),
    wide('Selector', 'Selector is a label query over pods that should match the Replicas count.'),
  ],
  cells(rc, now) {
    const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
    return [
      rc.metadata.name,
      rc.spec?.replicas ?? 1,
      rc.status?.replicas ?? 0,
      rc.status?.readyReplicas ?? 0,
      since(rc.metadata.creationTimestamp, now),
      names,
      images,
      formatLabels(rc.spec?.selector),
    ];
  },
};

export const podTemplatePrinter: Printer = {
  columns: [
    nameColumn,
    column('Containers', 'Names of each container in the template.'),
    column('Images', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'The labels for the pod template.'),
  ],
  cells: (pt) => [
    pt.metadata.name,
    ...containerCells(pt.template?.spec?.containers),
    formatLabels(pt.template?.metadata?.labels),
  ],
};
