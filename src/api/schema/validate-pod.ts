/** Validation of PodSpecs and pod templates (k8s.io/kubernetes pkg/apis/core/validation). */

import { isSidecar } from '../kinds/core/sidecar.js';
import type { StatusCause } from '../types.js';
import {
  dns1123Label,
  dns1123Subdomain,
  fieldErrors as fe,
  nonNegative,
  PORT_RANGE_MESSAGE,
  portName,
  portRange,
} from './field-errors.js';
import { arr, isObj, type Obj } from './json-values.js';
import { parseQuantity } from './quantity.js';
import { sameJson } from './same-json.js';
import { validateAnnotations, validateLabels } from './validate-meta.js';
import { validatePodDNSConfig } from './validate-pod-dns.js';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

function validatePortRef(port: unknown, field: string): StatusCause[] {
  if (typeof port === 'number') return portRange(port) ? [] : [fe.invalid(field, port, PORT_RANGE_MESSAGE)];
  if (typeof port === 'string') return portName(port).map((m) => fe.invalid(field, port, m));
  return [fe.required(field)];
}

function validateHandler(h: Obj, path: string, kinds: string[]): StatusCause[] {
  const set = kinds.filter((k) => h[k] !== undefined && h[k] !== null);
  if (set.length === 0) return [fe.required(path, 'must specify a handler type')];
  if (set.length > 1) return [fe.forbidden(`${path}.${set[1]}`, 'may not specify more than 1 handler type')];
  const [kind] = set;
  const causes: StatusCause[] = [];
  if (kind === 'httpGet' || kind === 'tcpSocket')
    causes.push(...validatePortRef(h[kind].port, `${path}.${kind}.port`));
  if (kind === 'grpc' && !portRange(h.grpc.port))
    causes.push(fe.invalid(`${path}.grpc.port`, h.grpc.port, PORT_RANGE_MESSAGE));
  if (kind === 'exec' && (!Array.isArray(h.exec.command) || !h.exec.command.length))
    causes.push(fe.required(`${path}.exec.command`));
  return causes;
}

function validateProbe(p: unknown, path: string, mustSucceedOnce: boolean): StatusCause[] {
  if (!isObj(p)) return [];
  const causes = validateHandler(p, path, HANDLERS);
  for (const key of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ])
    causes.push(...nonNegative(p, key, path));
  if (mustSucceedOnce && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    causes.push(fe.invalid(`${path}.successThreshold`, p.successThreshold, 'must be 1'));
  }
  return causes;
}

function validateResources(r: unknown, path: string): StatusCause[] {
  if (!isObj(r)) return [];
  const causes: StatusCause[] = [];
  for (const kind of ['limits', 'requests']) {
    if (!isObj(r[kind])) continue;
    for (const [name, q] of Object.entries(r[kind])) {
      const v = parseQuantity(q);
      if (v !== undefined && v < 0)
        causes.push(fe.invalid(`${path}.${kind}[${name}]`, String(q), 'must be greater than or equal to 0'));
    }
  }
  if (isObj(r.requests) && isObj(r.limits)) {
    for (const [name, q] of Object.entries(r.requests)) {
      const limit = r.limits[name];
      if (limit === undefined) continue;
      const request = parseQuantity(q);
      const max = parseQuantity(limit);
      if (request !== undefined && max !== undefined && request > max) {
        causes.push(
          fe.invalid(
            `${path}.requests[${name}]`,
            String(q),
            `must be less than or equal to ${name} limit of ${limit}`,
          ),
        );
      }
    }
  }
  return causes;
}

function validateEnv(env: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  arr(env).forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (!e.name) causes.push(fe.required(`${p}.name`));
    else if (/[=]/.test(e.name) || !/^[\x20-\x7e]+$/.test(e.name)) {
      causes.push(
        fe.invalid(
          `${p}.name`,
          e.name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    }
    if (!isObj(e.valueFrom)) return;
    if (e.value)
      causes.push(fe.invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'));
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) =>
      isObj(e.valueFrom[k]),
    );
    if (sources.length === 0)
      causes.push(
        fe.invalid(
          `${p}.valueFrom`,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      );
    if (sources.length > 1)
      causes.push(fe.invalid(`${p}.valueFrom`, '', 'may not have more than one field specified at a time'));
    for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
      const sel = e.valueFrom[ref];
      if (!isObj(sel)) continue;
      if (!sel.key) causes.push(fe.required(`${p}.valueFrom.${ref}.key`));
      if (!sel.name) causes.push(fe.required(`${p}.valueFrom.${ref}.name`));
    }
    if (isObj(e.valueFrom.fieldRef) && !e.valueFrom.fieldRef.fieldPath)
      causes.push(fe.required(`${p}.valueFrom.fieldRef.fieldPath`));
    if (isObj(e.valueFrom.resourceFieldRef) && !e.valueFrom.resourceFieldRef.resource)
      causes.push(fe.required(`${p}.valueFrom.resourceFieldRef.resource`));
  });
  return causes;
}

interface ContainerContext {
  volumes: Set<string>;
  names: Set<string>;
  portNames: Set<string>;
  init: boolean;
}

function validateContainer(c: Obj, path: string, ctx: ContainerContext): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!c.name) causes.push(fe.required(`${path}.name`));
  else {
    for (const msg of dns1123Label(String(c.name))) causes.push(fe.invalid(`${path}.name`, c.name, msg));
    if (ctx.names.has(c.name)) causes.push(fe.duplicate(`${path}.name`, c.name));
    ctx.names.add(c.name);
  }
  if (!c.image || (typeof c.image === 'string' && !c.image.trim())) causes.push(fe.required(`${path}.image`));
  arr(c.ports).forEach((p, i) => {
    const pp = `${path}.ports[${i}]`;
    if (p.containerPort === undefined) causes.push(fe.required(`${pp}.containerPort`));
    else if (!portRange(p.containerPort))
      causes.push(fe.invalid(`${pp}.containerPort`, p.containerPort, PORT_RANGE_MESSAGE));
    if (p.hostPort !== undefined && p.hostPort !== 0 && !portRange(p.hostPort))
      causes.push(fe.invalid(`${pp}.hostPort`, p.hostPort, PORT_RANGE_MESSAGE));
    if (p.name) {
      for (const msg of portName(String(p.name))) causes.push(fe.invalid(`${pp}.name`, p.name, msg));
      if (ctx.portNames.has(p.name)) causes.push(fe.duplicate(`${pp}.name`, p.name));
      ctx.portNames.add(p.name);
    }
  });
  causes.push(...validateEnv(c.env, `${path}.env`));
  arr(c.envFrom).forEach((e, i) => {
    const sources = ['configMapRef', 'secretRef'].filter((k) => isObj(e[k]));
    if (sources.length !== 1)
      causes.push(
        fe.invalid(`${path}.envFrom[${i}]`, '', 'must specify one of: `configMapRef` or `secretRef`'),
      );
  });
  const mountPaths = new Set<string>();
  arr(c.volumeMounts).forEach((m, i) => {
    const mp = `${path}.volumeMounts[${i}]`;
    if (!m.name) causes.push(fe.required(`${mp}.name`));
    else if (!ctx.volumes.has(m.name)) causes.push(fe.notFound(`${mp}.name`, m.name));
    if (!m.mountPath) causes.push(fe.required(`${mp}.mountPath`));
    else if (mountPaths.has(m.mountPath))
      causes.push(fe.invalid(`${mp}.mountPath`, m.mountPath, 'must be unique'));
    else mountPaths.add(m.mountPath);
    if (typeof m.subPath === 'string' && (m.subPath.startsWith('/') || m.subPath.split('/').includes('..'))) {
      causes.push(fe.invalid(`${mp}.subPath`, m.subPath, "must be a relative path without '..'"));
    }
  });
  const sidecar = ctx.init && isSidecar(c);
  if (c.restartPolicy !== undefined && (!ctx.init || c.restartPolicy !== 'Always')) {
    if (ctx.init) causes.push(fe.notSupported(`${path}.restartPolicy`, c.restartPolicy, ['Always']));
    else causes.push(fe.forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (ctx.init && !sidecar && c[probe] !== undefined) {
      causes.push(
        fe.forbidden(`${path}.${probe}`, 'may not be set for init containers without restartPolicy=Always'),
      );
      continue;
    }
    causes.push(...validateProbe(c[probe], `${path}.${probe}`, probe !== 'readinessProbe'));
  }
  if (isObj(c.lifecycle)) {
    for (const hook of ['postStart', 'preStop']) {
      if (isObj(c.lifecycle[hook]))
        causes.push(...validateHandler(c.lifecycle[hook], `${path}.lifecycle.${hook}`, LIFECYCLE_HANDLERS));
    }
  }
  causes.push(...validateResources(c.resources, `${path}.resources`));
  return causes;
}

function validateVolumes(volumes: unknown, path: string): { causes: StatusCause[]; names: Set<string> } {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  arr(volumes).forEach((v, i) => {
    const vp = `${path}[${i}]`;
    if (!v.name) causes.push(fe.required(`${vp}.name`));
    else {
      for (const msg of dns1123Label(String(v.name))) causes.push(fe.invalid(`${vp}.name`, v.name, msg));
      if (names.has(v.name)) causes.push(fe.duplicate(`${vp}.name`, v.name));
      names.add(v.name);
    }
    const sources = VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);
    if (sources.length === 0) causes.push(fe.required(vp, 'must specify a volume type'));
    else if (sources.length > 1)
      causes.push(fe.forbidden(`${vp}.${sources[1]}`, 'may not specify more than 1 volume type'));
    if (isObj(v.hostPath) && !v.hostPath.path) causes.push(fe.required(`${vp}.hostPath.path`));
    if (isObj(v.persistentVolumeClaim) && !v.persistentVolumeClaim.claimName)
      causes.push(fe.required(`${vp}.persistentVolumeClaim.claimName`));
    if (isObj(v.secret) && v.secret.secretName !== undefined && !v.secret.secretName)
      causes.push(fe.required(`${vp}.secret.secretName`));
    if (
      isObj(v.emptyDir) &&
      v.emptyDir.medium &&
      !['Memory', 'HugePages'].includes(v.emptyDir.medium) &&
      !String(v.emptyDir.medium).startsWith('HugePages-')
    ) {
      causes.push(fe.notSupported(`${vp}.emptyDir.medium`, v.emptyDir.medium, ['', 'Memory', 'HugePages']));
    }
  });
  return { causes, names };
}

/** Tolerations, image pull secrets and topology spread constraints of a PodSpec. */
function validateScheduling(spec: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  arr(spec.tolerations).forEach((t, i) => {
    const tp = `${path}.tolerations[${i}]`;
    if (t.operator === 'Exists' && t.value)
      causes.push(fe.invalid(`${tp}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    if (!t.key && t.operator !== 'Exists')
      causes.push(
        fe.invalid(
          `${tp}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      causes.push(
        fe.invalid(
          `${tp}.effect`,
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
  });
  arr(spec.imagePullSecrets).forEach((s, i) => {
    if (!s.name) causes.push(fe.required(`${path}.imagePullSecrets[${i}].name`));
  });
  arr(spec.topologySpreadConstraints).forEach((c, i) => {
    if (typeof c.maxSkew === 'number' && c.maxSkew <= 0) {
      causes.push(
        fe.invalid(`${path}.topologySpreadConstraints[${i}].maxSkew`, c.maxSkew, 'must be greater than zero'),
      );
    }
    if (!c.topologyKey)
      causes.push(fe.required(`${path}.topologySpreadConstraints[${i}].topologyKey`, 'can not be empty'));
  });
  return causes;
}

/**
 * `claimVolumes`: names a volume mount may use besides the spec's volumes (a StatefulSet's
 * volumeClaimTemplates, which become volumes of its pods).
 */
export function validatePodSpec(spec: unknown, path: string, claimVolumes: string[] = []): StatusCause[] {
  if (!isObj(spec)) return [fe.required(path)];
  const causes: StatusCause[] = [];
  const volumes = validateVolumes(spec.volumes, `${path}.volumes`);
  causes.push(...volumes.causes);
  const ctx: ContainerContext = {
    volumes: new Set([...volumes.names, ...claimVolumes]),
    names: new Set(),
    portNames: new Set(),
    init: true,
  };
  arr(spec.initContainers).forEach((c, i) => {
    causes.push(...validateContainer(c, `${path}.initContainers[${i}]`, ctx));
  });
  ctx.init = false;
  const containers = arr(spec.containers);
  if (!containers.length) causes.push(fe.required(`${path}.containers`));
  containers.forEach((c, i) => {
    causes.push(...validateContainer(c, `${path}.containers[${i}]`, ctx));
  });
  causes.push(...validatePodDNSConfig(spec, path));
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    causes.push(
      fe.invalid(
        `${path}.activeDeadlineSeconds`,
        spec.activeDeadlineSeconds,
        'must be between 1 and 2147483647, inclusive',
      ),
    );
  }
  for (const key of ['hostname', 'subdomain']) {
    if (spec[key])
      for (const msg of dns1123Label(String(spec[key])))
        causes.push(fe.invalid(`${path}.${key}`, spec[key], msg));
  }
  if (spec.serviceAccountName) {
    for (const msg of dns1123Subdomain(String(spec.serviceAccountName)))
      causes.push(fe.invalid(`${path}.serviceAccountName`, spec.serviceAccountName, msg));
  }
  if (spec.nodeName) {
    for (const msg of dns1123Subdomain(String(spec.nodeName)))
      causes.push(fe.invalid(`${path}.nodeName`, spec.nodeName, msg));
  }
  causes.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  causes.push(...validateScheduling(spec, path));
  return causes;
}

export function validatePodTemplate(
  template: unknown,
  path: string,
  claimVolumes: string[] = [],
): StatusCause[] {
  if (!isObj(template)) return [fe.required(path)];
  const meta = isObj(template.metadata) ? template.metadata : {};
  return [
    ...validateLabels(meta.labels, `${path}.metadata.labels`),
    ...validateAnnotations(meta.annotations, `${path}.metadata.annotations`),
    ...validatePodSpec(template.spec, `${path}.spec`, claimVolumes),
  ];
}

const UPDATABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** Pod specs are immutable but for images, activeDeadlineSeconds, added tolerations and a first nodeName. */
export function validatePodSpecUpdate(next: unknown, old: unknown): StatusCause[] {
  if (!isObj(next) || !isObj(old)) return [];
  const comparable = (spec: Obj, other: Obj): Obj => {
    const c = structuredClone(spec);
    for (const list of ['containers', 'initContainers']) {
      arr(c[list]).forEach((container, i) => {
        container.image = arr(other[list])[i]?.image;
      });
    }
    c.activeDeadlineSeconds = other.activeDeadlineSeconds;
    c.tolerations = other.tolerations;
    c.ephemeralContainers = other.ephemeralContainers;
    c.schedulingGates = other.schedulingGates;
    if (!other.nodeName) c.nodeName = other.nodeName;
    return c;
  };
  const causes: StatusCause[] = [];
  // Compared by content: a client that read the pod back may send its fields in any order.
  const newTolerations = arr(next.tolerations);
  const dropped = arr(old.tolerations).some((t) => !newTolerations.some((n) => sameJson(n, t)));
  if (dropped || !sameJson(comparable(next, old), old)) {
    causes.push(fe.forbidden('spec', UPDATABLE));
  }
  return causes;
}
