import type { Container, EnvVar, PodTemplateSpec, Probe, Toleration, Volume } from '../../api/kinds/index.js';

/*
 * kubectl's DescribePodTemplate, as `rollout history --revision` prints it: tab-separated
 * (kubectl writes it without aligning the columns), containers and volumes indented by level.
 */

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** `Title:\tk=v`, then `\tk=v` per further pair, sorted; `<none>` when empty. */
function multiline(title: string, pairs: string[]): string[] {
  if (!pairs.length) return [`${title}:\t<none>`];
  return pairs.map((p, i) => (i === 0 ? `${title}:\t${p}` : `\t${p}`));
}

const labelLines = (title: string, labels: Record<string, string> | undefined) =>
  multiline(
    title,
    Object.keys(labels ?? {})
      .sort()
      .map((k) => `${k}=${labels![k]}`),
  );

function annotationLines(annotations: Record<string, string>): string[] {
  const keys = Object.keys(annotations)
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (!keys.length) return ['  Annotations:\t<none>'];
  return keys.flatMap((key, i) => {
    const lead = i === 0 ? '  Annotations:\t' : '\t';
    const value = annotations[key].replace(/\n$/, '');
    if (value.length + key.length + 2 <= MAX_ANNOTATION_LEN && !value.includes('\n'))
      return [`${lead}${key}: ${value}`];
    const shorten = (s: string) =>
      s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s;
    return [`${lead}${key}:`, ...value.split('\n').map((s) => `\t  ${shorten(s)}`)];
  });
}

/** DescribeProbe: `http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const scheme = (p.httpGet.scheme ?? '').toLowerCase();
    const host = p.httpGet.host ?? '';
    const hostPort = host.includes(':') ? `[${host}]:${p.httpGet.port}` : `${host}:${p.httpGet.port}`;
    return `http-get ${scheme}://${hostPort}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function envLine(c: Container, e: EnvVar): string[] {
  const from = e.valueFrom;
  if (!from)
    return (e.value ?? '').split('\n').map((s, i) => (i === 0 ? `      ${e.name}:\t${s}` : `\t${s}`));
  if (from.fieldRef)
    return [`      ${e.name}:\t (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`];
  if (from.resourceFieldRef) {
    const resource = from.resourceFieldRef.resource;
    const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
    let value = String(c.resources?.[kind]?.[name] ?? '0');
    if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
      value = 'node allocatable';
    return [`      ${e.name}:\t${value} (${resource})`];
  }
  if (from.secretKeyRef) {
    const r = from.secretKeyRef;
    return [`      ${e.name}:\t<set to the key '${r.key}' in secret '${r.name}'>\tOptional: ${!!r.optional}`];
  }
  if (from.configMapKeyRef) {
    const r = from.configMapKeyRef;
    return [
      `      ${e.name}:\t<set to the key '${r.key}' of config map '${r.name}'>\tOptional: ${!!r.optional}`,
    ];
  }
  return [];
}

function portLines(c: Container): string[] {
  const ports = c.ports ?? [];
  const list = (f: (p: (typeof ports)[number]) => number) =>
    ports.map((p) => `${f(p) ?? 0}/${p.protocol ?? 'TCP'}`);
  const line = (one: string, many: string, values: string[]) =>
    values.length > 1 ? `    ${many}:\t${values.join(', ')}` : `    ${one}:\t${values[0] ?? '<none>'}`;
  return [
    line(
      'Port',
      'Ports',
      list((p) => p.containerPort),
    ),
    line(
      'Host Port',
      'Host Ports',
      list((p) => p.hostPort ?? 0),
    ),
  ];
}

function containerLines(c: Container): string[] {
  const lines = [`   ${c.name}:`, `    Image:\t${c.image ?? ''}`, ...portLines(c)];
  for (const [title, values] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as const)
    if (values?.length)
      lines.push(`    ${title}:`, ...values.flatMap((v) => v.split('\n')).map((s) => `      ${s}`));
  for (const [title, map] of [
    ['Limits', c.resources?.limits],
    ['Requests', c.resources?.requests],
  ] as const) {
    const names = Object.keys(map ?? {}).sort();
    if (names.length) lines.push(`    ${title}:`, ...names.map((n) => `      ${n}:\t${map![n]}`));
  }
  for (const [title, probe] of [
    ['Liveness', c.livenessProbe],
    ['Readiness', c.readinessProbe],
    ['Startup', c.startupProbe],
  ] as const)
    if (probe) lines.push(`    ${title}:\t${describeProbe(probe)}`);
  if (c.envFrom?.length) {
    lines.push('    Environment Variables from:');
    for (const e of c.envFrom) {
      const [name, from, optional] = e.configMapRef
        ? [e.configMapRef.name, 'ConfigMap', e.configMapRef.optional]
        : [e.secretRef?.name, 'Secret', e.secretRef?.optional];
      const prefix = e.prefix ? ` with prefix '${e.prefix}'` : '';
      lines.push(`      ${name ?? ''}\t${from}${prefix}\tOptional: ${!!optional}`);
    }
  }
  lines.push(
    c.env?.length ? '    Environment:' : '    Environment:\t<none>',
    ...(c.env ?? []).flatMap((e) => envLine(c, e)),
  );
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => a.mountPath.localeCompare(b.mountPath));
  lines.push(mounts.length ? '    Mounts:' : '    Mounts:\t<none>');
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
    lines.push(`      ${m.mountPath} from ${m.name} (${flags.join(',')})`);
  }
  return lines;
}

const volumeType = (t: string, ...fields: [string, unknown][]) => [
  `    Type:\t${t}`,
  ...fields.map(([k, value]) => `    ${k}:\t${value}`),
];

function volumeSourceLines(v: Volume): string[] {
  if (v.emptyDir) {
    const { medium = '', sizeLimit = '<unset>' } = v.emptyDir;
    const what = "EmptyDir (a temporary directory that shares a pod's lifetime)";
    return volumeType(what, ['Medium', medium], ['SizeLimit', sizeLimit]);
  }
  if (v.configMap) {
    const what = 'ConfigMap (a volume populated by a ConfigMap)';
    return volumeType(what, ['Name', v.configMap.name], ['Optional', !!v.configMap.optional]);
  }
  if (v.secret) {
    const what = 'Secret (a volume populated by a Secret)';
    return volumeType(what, ['SecretName', v.secret.secretName], ['Optional', !!v.secret.optional]);
  }
  if (v.persistentVolumeClaim) {
    const { claimName, readOnly } = v.persistentVolumeClaim;
    const what = 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)';
    return volumeType(what, ['ClaimName', claimName], ['ReadOnly', !!readOnly]);
  }
  if (v.hostPath) {
    const what = 'HostPath (bare host directory volume)';
    return volumeType(what, ['Path', v.hostPath.path], ['HostPathType', v.hostPath.type || '<none>']);
  }
  if (v.projected)
    return volumeType('Projected (a volume that contains injected data from multiple sources)');
  return ['  <unknown>'];
}

function tolerationLine(t: Toleration): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

/** The pod template as kubectl describes it, each line ending in a newline. */
export function describePodTemplate(template: PodTemplateSpec): string {
  const spec = template.spec ?? { containers: [] };
  const annotations = template.metadata?.annotations ?? {};
  const lines = ['Pod Template:', ...labelLines('  Labels', template.metadata?.labels)];
  if (Object.keys(annotations).length) lines.push(...annotationLines(annotations));
  if (spec.serviceAccountName) lines.push(`  Service Account:\t${spec.serviceAccountName}`);
  if (spec.initContainers?.length)
    lines.push('  Init Containers:', ...spec.initContainers.flatMap(containerLines));
  lines.push('  Containers:', ...spec.containers.flatMap(containerLines));
  lines.push(
    ...(spec.volumes?.length
      ? ['  Volumes:', ...spec.volumes.flatMap((v) => [`   ${v.name}:`, ...volumeSourceLines(v)])]
      : ['  Volumes:\t<none>']),
  );
  if (spec.priorityClassName) lines.push(`  Priority Class Name:\t${spec.priorityClassName}`);
  lines.push(...labelLines('  Node-Selectors', spec.nodeSelector));
  const tolerations = [...(spec.tolerations ?? [])].sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
  lines.push(...multiline('  Tolerations', tolerations.map(tolerationLine)));
  return `${lines.join('\n')}\n`;
}
