import type {
  Container,
  ContainerState,
  ContainerStatus,
  EnvVar,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  ResourceRequirements,
  Volume,
} from '../../api/kinds/index.js';
import { formatLabelSelector } from '../../api/table/format.js';
import {
  type DescribeWriter,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  quantityString,
  rfc1123z,
  sortedKeys,
  stringOrNone,
} from './shared.js';

/*
 * The sections a Pod and every pod template print alike (describeContainers, describeVolumes,
 * DescribePodTemplate). A template has no statuses and no pod to resolve field references from.
 */

/** DescribeProbe: `http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const scheme = (p.httpGet.scheme ?? '').toLowerCase();
    const host = p.httpGet.host ?? '';
    const hostPort = host.includes(':') ? `[${host}]:${p.httpGet.port}` : `${host}:${p.httpGet.port}`;
    const path = p.httpGet.path ?? '';
    return `http-get ${scheme}://${hostPort}${path && !path.startsWith('/') ? '/' : ''}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

/**
 * The value kubectl shows for an env var's field reference: it converts the path with its
 * scheme's default field selectors first, so only the pod's name and namespace resolve.
 */
function podField(pod: Pod, path: string): string {
  if (path === 'metadata.name') return pod.metadata.name ?? '';
  if (path === 'metadata.namespace') return pod.metadata.namespace ?? '';
  return '';
}

function describeEnv(c: Container, pod: Pod | undefined, w: DescribeWriter): void {
  w.write(LEVEL_2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
  for (const e of c.env ?? []) describeEnvVar(c, e, pod, w);
}

function describeEnvVar(c: Container, e: EnvVar, pod: Pod | undefined, w: DescribeWriter): void {
  const from = e.valueFrom;
  if (!from) {
    const [first, ...rest] = (e.value ?? '').split('\n');
    w.write(LEVEL_3, `${e.name}:\t${first}\n`);
    for (const s of rest) w.write(LEVEL_3, `\t${s}\n`);
    return;
  }
  if (from.fieldRef) {
    const value = pod ? podField(pod, from.fieldRef.fieldPath) : '';
    w.write(
      LEVEL_3,
      `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`,
    );
  } else if (from.resourceFieldRef) {
    const resource = from.resourceFieldRef.resource;
    const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
    let value = quantityString(c.resources?.[kind]?.[name] ?? '0');
    if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
      value = 'node allocatable';
    w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
  } else if (from.secretKeyRef) {
    const r = from.secretKeyRef;
    w.write(
      LEVEL_3,
      `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ''}'>\tOptional: ${!!r.optional}\n`,
    );
  } else if (from.configMapKeyRef) {
    const r = from.configMapKeyRef;
    w.write(
      LEVEL_3,
      `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ''}'>\tOptional: ${!!r.optional}\n`,
    );
  }
}

function describeEnvFrom(c: Container, w: DescribeWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom ?? []) {
    const [name, from, optional] = e.configMapRef
      ? [e.configMapRef.name, 'ConfigMap', e.configMapRef.optional]
      : e.secretRef
        ? [e.secretRef.name, 'Secret', e.secretRef.optional]
        : ['', '', false];
    const prefixed = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    w.write(LEVEL_3, `${name ?? ''}\t${prefixed}\tOptional: ${!!optional}\n`);
  }
}

export function describeResources(
  r: ResourceRequirements | undefined,
  w: DescribeWriter,
  level: number,
): void {
  for (const [title, list] of [
    ['Limits', r?.limits],
    ['Requests', r?.requests],
  ] as const) {
    const names = sortedKeys(list);
    if (names.length) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${quantityString(list?.[n])}\n`);
  }
}

function describeState(title: string, state: ContainerState | undefined, w: DescribeWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${title}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
    if (state?.waiting?.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  }
}

function describeMounts(c: Container, w: DescribeWriter): void {
  const none = c.volumeMounts?.length ? '' : '\t<none>';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
    a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
  );
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  if (c.volumeDevices?.length) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    const devices = [...c.volumeDevices].sort((a, b) =>
      a.devicePath < b.devicePath ? -1 : a.devicePath > b.devicePath ? 1 : 0,
    );
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/** describeContainers: each container's image, ports, command, state, resources, probes, env and mounts. */
export function describeContainers(
  label: string,
  containers: Container[],
  statuses: ContainerStatus[] | undefined,
  pod: Pod | undefined,
  w: DescribeWriter,
  space: string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length ? '' : ' <none>'}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = c.ports ?? [];
    const portList = (f: (p: (typeof ports)[number]) => number | undefined) =>
      ports.map((p) => `${f(p) ?? 0}/${p.protocol ?? ''}`).join(', ');
    const containerPorts = portList((p) => p.containerPort);
    if (containerPorts.includes(',')) w.write(LEVEL_2, `Ports:\t${containerPorts}\n`);
    else w.write(LEVEL_2, `Port:\t${stringOrNone(containerPorts)}\n`);
    const hostPorts = portList((p) => p.hostPort);
    if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
    else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile}\n`);
    }
    for (const [title, values] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if (!values?.length) continue;
      w.write(LEVEL_2, `${title}:\n`);
      for (const v of values) for (const s of v.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      describeState('State', status.state, w);
      if (status.lastState?.terminated) describeState('Last State', status.lastState, w);
      w.write(LEVEL_2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(c.resources, w, LEVEL_2);
    for (const [title, probe] of [
      ['Liveness', c.livenessProbe],
      ['Readiness', c.readinessProbe],
      ['Startup', c.startupProbe],
    ] as const)
      if (probe) w.write(LEVEL_2, `${title}:\t${describeProbe(probe)}\n`);
    if (c.envFrom?.length) describeEnvFrom(c, w);
    describeEnv(c, pod, w);
    describeMounts(c, w);
  }
}

const volumeFields = (w: DescribeWriter, type: string, fields: [string, unknown][] = []) =>
  w.write(LEVEL_2, [`Type:\t${type}\n`, ...fields.map(([k, v]) => `    ${k}:\t${v}\n`)].join(''));

/** kubectl 1.32 prints a projected source's optional flag as the pointer it is: `<nil>` when unset. */
const optionalPointer = (v: boolean | undefined) => (v === undefined || v === null ? '<nil>' : String(v));

/** A volume's source as describeVolumes (and a PersistentVolume's) prints it. */
export function describeVolumeSource(
  v: Pick<
    Volume,
    | 'hostPath'
    | 'emptyDir'
    | 'secret'
    | 'configMap'
    | 'nfs'
    | 'persistentVolumeClaim'
    | 'ephemeral'
    | 'downwardAPI'
    | 'projected'
  >,
  w: DescribeWriter,
): void {
  if (v.hostPath)
    volumeFields(w, 'HostPath (bare host directory volume)', [
      ['Path', v.hostPath.path],
      ['HostPathType', v.hostPath.type || '<none>'],
    ]);
  else if (v.emptyDir) {
    const limit = v.emptyDir.sizeLimit;
    volumeFields(w, "EmptyDir (a temporary directory that shares a pod's lifetime)", [
      ['Medium', v.emptyDir.medium ?? ''],
      ['SizeLimit', limit && quantityString(limit) !== '0' ? quantityString(limit) : '<unset>'],
    ]);
  } else if (v.secret)
    volumeFields(w, 'Secret (a volume populated by a Secret)', [
      ['SecretName', v.secret.secretName ?? ''],
      ['Optional', !!v.secret.optional],
    ]);
  else if (v.configMap)
    volumeFields(w, 'ConfigMap (a volume populated by a ConfigMap)', [
      ['Name', v.configMap.name ?? ''],
      ['Optional', !!v.configMap.optional],
    ]);
  else if (v.nfs)
    volumeFields(w, 'NFS (an NFS mount that lasts the lifetime of a pod)', [
      ['Server', v.nfs.server],
      ['Path', v.nfs.path],
      ['ReadOnly', !!v.nfs.readOnly],
    ]);
  else if (v.persistentVolumeClaim)
    volumeFields(w, 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [
      ['ClaimName', v.persistentVolumeClaim.claimName],
      ['ReadOnly', !!v.persistentVolumeClaim.readOnly],
    ]);
  else if (v.ephemeral)
    volumeFields(
      w,
      'EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)',
    );
  else if (v.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.projected) {
    volumeFields(w, 'Projected (a volume that contains injected data from multiple sources)');
    for (const s of v.projected.sources ?? []) {
      if (s.secret)
        w.write(
          LEVEL_2,
          `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${optionalPointer(s.secret.optional)}\n`,
        );
      else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      else if (s.configMap)
        w.write(
          LEVEL_2,
          `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalPointer(s.configMap.optional)}\n`,
        );
      else if (s.serviceAccountToken)
        w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
    }
  } else w.write(LEVEL_1, '<unknown>\n');
}

export function describeVolumes(volumes: Volume[] | undefined, w: DescribeWriter, space: string): void {
  if (!volumes?.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    describeVolumeSource(v, w);
  }
}

/** describeTopologySpreadConstraints: one `key:WhenUnsatisfiable when max skew N is exceeded` per line. */
export function describeTopologySpread(spec: PodSpec, w: DescribeWriter, space: string): void {
  const constraints = [...(spec.topologySpreadConstraints ?? [])].sort((a, b) =>
    a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0,
  );
  if (!constraints.length) return;
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  constraints.forEach((c, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    const selector = c.labelSelector ? ` for selector ${formatLabelSelector(c.labelSelector)}` : '';
    w.write(
      LEVEL_0,
      `${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded${selector}\n`,
    );
  });
}

/** DescribePodTemplate: the template's labels, containers, volumes and scheduling constraints. */
export function describePodTemplate(template: PodTemplateSpec | undefined, w: DescribeWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = template.spec ?? { containers: [] };
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length)
    printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length)
    describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpread(spec, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}
