/**
 * Semantic validation of objects on create and update, with the causes (reason, message,
 * field) Kubernetes puts in a 422 Invalid answer.
 */
import { findByKind } from '../resources.js';
import type { KubeObject, StatusCause } from '../types.js';
import { cronScheduleError } from './cron.js';
import { resolveSchema, schemaForKind } from './decode.js';
import {
  configMapKey,
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  fieldErrors as fe,
  PORT_RANGE_MESSAGE,
  portName,
  portRange,
  qualifiedName,
} from './field-errors.js';
import { arr, isObj, type Obj } from './json-values.js';
import { parseQuantity } from './quantity.js';
import { sameJson } from './same-json.js';
import type { Schema } from './types.js';
import {
  type NameCheck,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validate-meta.js';
import { validatePodSpec, validatePodSpecUpdate, validatePodTemplate } from './validate-pod.js';

const spec = (o: Obj): Obj => (isObj(o.spec) ? o.spec : {});

/** Values outside a field's closed set (the schema's `enum`), everywhere but in status. */
function enumCauses(value: unknown, field: Schema, path: string): StatusCause[] {
  if (value === undefined || value === null) return [];
  const { schema } = resolveSchema(field);
  if (schema.enum && typeof value === 'string') {
    return value === '' || schema.enum.includes(value)
      ? []
      : [fe.notSupported(path, value, schema.enum as string[])];
  }
  if (schema.type === 'array' && schema.items && Array.isArray(value)) {
    return value.flatMap((item, i) => enumCauses(item, schema.items!, `${path}[${i}]`));
  }
  if (schema.properties && isObj(value)) {
    return Object.entries(value).flatMap(([key, child]) => {
      const prop = schema.properties![key];
      if (!prop || (!path && key === 'status')) return [];
      return enumCauses(child, prop, path ? `${path}.${key}` : key);
    });
  }
  return [];
}

function nonNegative(o: Obj, key: string, path: string): StatusCause[] {
  const v = o[key];
  return typeof v === 'number' && v < 0
    ? [fe.invalid(`${path}.${key}`, v, 'must be greater than or equal to 0')]
    : [];
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

function validateLabelSelector(sel: unknown, path: string): StatusCause[] {
  if (!isObj(sel)) return [];
  const causes = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  arr(sel.matchExpressions).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = Array.isArray(e.values) ? e.values : [];
    if (!SELECTOR_OPERATORS.includes(e.operator))
      causes.push(fe.invalid(`${p}.operator`, e.operator ?? '', 'not a valid selector operator'));
    else if ((e.operator === 'In' || e.operator === 'NotIn') && !values.length) {
      causes.push(fe.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length) {
      causes.push(
        fe.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
      );
    }
    for (const msg of qualifiedName(String(e.key ?? '')))
      causes.push(fe.invalid(`${p}.key`, e.key ?? '', msg));
  });
  return causes;
}

/** Whether `labels` satisfy a LabelSelector. */
export function selectorMatches(sel: Obj, labels: Obj): boolean {
  for (const [k, v] of Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {}))
    if (labels[k] !== v) return false;
  return arr(sel.matchExpressions).every((e) => {
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

const emptySelector = (sel: Obj) =>
  !Object.keys(isObj(sel.matchLabels) ? sel.matchLabels : {}).length && !arr(sel.matchExpressions).length;

const templateLabels = (s: Obj): Obj =>
  isObj(s.template?.metadata?.labels) ? s.template.metadata.labels : {};

interface WorkloadRules {
  kind: string;
  selectorRequired: boolean;
  restartPolicies: string[];
}

/** Deployment, ReplicaSet, DaemonSet, StatefulSet and Job: selector, template, counts. */
function validateWorkloadSpec(s: Obj, rules: WorkloadRules, path = 'spec'): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const key of ['replicas', 'minReadySeconds', 'revisionHistoryLimit'])
    causes.push(...nonNegative(s, key, path));
  if (!isObj(s.selector)) {
    if (rules.selectorRequired) causes.push(fe.required(`${path}.selector`));
  } else {
    causes.push(...validateLabelSelector(s.selector, `${path}.selector`));
    if (emptySelector(s.selector)) {
      causes.push(
        fe.invalid(
          `${path}.selector`,
          s.selector,
          `empty selector is invalid for ${rules.kind.toLowerCase()}`,
        ),
      );
    } else if (isObj(s.template) && !selectorMatches(s.selector, templateLabels(s))) {
      causes.push(
        fe.invalid(
          `${path}.template.metadata.labels`,
          templateLabels(s),
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  if (!isObj(s.template)) {
    causes.push(fe.required(`${path}.template`));
    return causes;
  }
  causes.push(...validatePodTemplate(s.template, `${path}.template`));
  const restartPolicy = s.template.spec?.restartPolicy;
  if (restartPolicy !== undefined && !rules.restartPolicies.includes(restartPolicy)) {
    causes.push(fe.notSupported(`${path}.template.spec.restartPolicy`, restartPolicy, rules.restartPolicies));
  }
  if (s.template.spec?.activeDeadlineSeconds !== undefined && rules.kind !== 'Job') {
    causes.push(
      fe.forbidden(
        `${path}.template.spec.activeDeadlineSeconds`,
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return causes;
}

function validateRollingUpdate(ru: unknown, path: string): StatusCause[] {
  if (!isObj(ru)) return [];
  const causes: StatusCause[] = [];
  for (const key of ['maxUnavailable', 'maxSurge']) {
    const v = ru[key];
    if (typeof v === 'number' && v < 0)
      causes.push(fe.invalid(`${path}.${key}`, v, 'must be greater than or equal to 0'));
    if (typeof v === 'string' && !/^\d+%$/.test(v))
      causes.push(
        fe.invalid(
          `${path}.${key}`,
          v,
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      );
    if (
      typeof v === 'string' &&
      /^\d+%$/.test(v) &&
      Number(v.slice(0, -1)) > 100 &&
      key === 'maxUnavailable'
    ) {
      causes.push(fe.invalid(`${path}.${key}`, v, 'must not be greater than 100%'));
    }
  }
  const zero = (v: unknown) => v === 0 || v === '0%';
  if (zero(ru.maxUnavailable) && zero(ru.maxSurge ?? 0)) {
    causes.push(fe.invalid(`${path}.maxUnavailable`, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  return causes;
}

function validateClaimSpec(s: unknown, path: string): StatusCause[] {
  const c = isObj(s) ? s : {};
  const causes: StatusCause[] = [];
  if (!Array.isArray(c.accessModes) || !c.accessModes.length)
    causes.push(fe.required(`${path}.accessModes`, 'at least 1 access mode is required'));
  const storage =
    isObj(c.resources) && isObj(c.resources.requests) ? c.resources.requests.storage : undefined;
  if (storage === undefined) causes.push(fe.required(`${path}.resources[storage]`, ''));
  else if ((parseQuantity(storage) ?? 0) <= 0)
    causes.push(fe.invalid(`${path}.resources[storage]`, String(storage), 'must be greater than zero'));
  causes.push(...validateLabelSelector(c.selector, `${path}.selector`));
  return causes;
}

function validateServiceSpec(s: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const ports = arr(s.ports);
  if (s.type === 'ExternalName') {
    if (!s.externalName) causes.push(fe.required('spec.externalName'));
    else
      for (const msg of dns1123Subdomain(String(s.externalName).replace(/\.$/, '')))
        causes.push(fe.invalid('spec.externalName', s.externalName, msg));
  } else if (!ports.length && s.clusterIP !== 'None') {
    causes.push(fe.required('spec.ports'));
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) causes.push(fe.required(`${pp}.name`));
    if (p.name) {
      for (const msg of dns1123Label(String(p.name))) causes.push(fe.invalid(`${pp}.name`, p.name, msg));
      if (names.has(p.name)) causes.push(fe.duplicate(`${pp}.name`, p.name));
      names.add(p.name);
    }
    if (p.port === undefined) causes.push(fe.required(`${pp}.port`));
    else if (!portRange(p.port)) causes.push(fe.invalid(`${pp}.port`, p.port, PORT_RANGE_MESSAGE));
    if (typeof p.targetPort === 'number' && !portRange(p.targetPort))
      causes.push(fe.invalid(`${pp}.targetPort`, p.targetPort, PORT_RANGE_MESSAGE));
    if (typeof p.targetPort === 'string')
      for (const msg of portName(p.targetPort))
        causes.push(fe.invalid(`${pp}.targetPort`, p.targetPort, msg));
    if (p.nodePort !== undefined && p.nodePort !== 0 && !portRange(p.nodePort))
      causes.push(fe.invalid(`${pp}.nodePort`, p.nodePort, PORT_RANGE_MESSAGE));
    if (p.nodePort && s.type !== 'NodePort' && s.type !== 'LoadBalancer') {
      causes.push(fe.forbidden(`${pp}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) causes.push(fe.duplicate(pp, { port: p.port, protocol: p.protocol ?? 'TCP' }));
    keys.add(key);
  });
  causes.push(...validateLabels(s.selector, 'spec.selector'));
  if (s.clusterIP && s.clusterIP !== 'None' && !isIP(s.clusterIP)) {
    causes.push(
      fe.invalid(
        'spec.clusterIPs[0]',
        s.clusterIP,
        'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ),
    );
  }
  if (s.sessionAffinityConfig?.clientIP?.timeoutSeconds !== undefined) {
    const t = s.sessionAffinityConfig.clientIP.timeoutSeconds;
    if (typeof t === 'number' && (t <= 0 || t > 86400))
      causes.push(
        fe.invalid(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          t,
          'must be greater than 0 and less than 86400',
        ),
      );
  }
  return causes;
}

const isIP = (s: string) =>
  /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(s) ||
  (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));

function validateDataKeys(o: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    if (!isObj(o[field])) continue;
    for (const key of Object.keys(o[field])) {
      for (const msg of configMapKey(key)) causes.push(fe.invalid(`${field}[${key}]`, key, msg));
      if (field === 'binaryData' && seen.has(key))
        causes.push(fe.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
      seen.add(key);
    }
  }
  return causes;
}

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function validateSecret(o: Obj): StatusCause[] {
  const causes = validateDataKeys(o);
  const keys = new Set([
    ...Object.keys(isObj(o.data) ? o.data : {}),
    ...Object.keys(isObj(o.stringData) ? o.stringData : {}),
  ]);
  for (const key of SECRET_REQUIRED_KEYS[o.type] ?? [])
    if (!keys.has(key)) causes.push(fe.required(`data[${key}]`));
  const size = Object.values(isObj(o.data) ? o.data : {}).reduce(
    (n: number, v) => n + Math.floor((String(v).length * 3) / 4),
    0,
  );
  if (size > 1024 * 1024) causes.push(fe.tooLong('data', 1024 * 1024));
  return causes;
}

function validateJobSpec(s: Obj, path: string, selectorRequired: boolean): StatusCause[] {
  const causes = validateWorkloadSpec(
    s,
    { kind: 'Job', selectorRequired, restartPolicies: ['OnFailure', 'Never'] },
    path,
  );
  for (const key of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'])
    causes.push(...nonNegative(s, key, path));
  if (typeof s.activeDeadlineSeconds === 'number' && s.activeDeadlineSeconds <= 0) {
    causes.push(
      fe.invalid(`${path}.activeDeadlineSeconds`, s.activeDeadlineSeconds, 'must be greater than 0'),
    );
  }
  if (s.completionMode === 'Indexed' && s.completions === undefined) {
    causes.push(fe.required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  return causes;
}

function validateCronJob(o: Obj): StatusCause[] {
  const s = spec(o);
  const causes: StatusCause[] = [];
  if (typeof o.metadata?.name === 'string' && o.metadata.name.length > 52) {
    causes.push(fe.invalid('metadata.name', o.metadata.name, 'must be no more than 52 characters'));
  }
  if (!s.schedule) causes.push(fe.required('spec.schedule'));
  else if (/^\s*(CRON_)?TZ=/.test(s.schedule)) {
    causes.push(
      fe.invalid(
        'spec.schedule',
        s.schedule,
        'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ),
    );
  } else {
    const err = cronScheduleError(String(s.schedule));
    if (err) causes.push(fe.invalid('spec.schedule', s.schedule, err));
  }
  if (s.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: s.timeZone });
    } catch {
      causes.push(fe.invalid('spec.timeZone', s.timeZone, `unknown time zone ${s.timeZone}`));
    }
  }
  for (const key of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'])
    causes.push(...nonNegative(s, key, 'spec'));
  if (!isObj(s.jobTemplate)) causes.push(fe.required('spec.jobTemplate'));
  else
    causes.push(
      ...validateJobSpec(isObj(s.jobTemplate.spec) ? s.jobTemplate.spec : {}, 'spec.jobTemplate.spec', false),
    );
  return causes;
}

function validateIngress(o: Obj): StatusCause[] {
  const s = spec(o);
  const causes: StatusCause[] = [];
  const rules = arr(s.rules);
  if (!rules.length && !isObj(s.defaultBackend))
    causes.push(fe.invalid('spec', '', 'either `defaultBackend` or `rules` must be specified'));
  const backend = (b: unknown, path: string) => {
    if (!isObj(b)) return causes.push(fe.required(path));
    if (isObj(b.service) && isObj(b.resource))
      return causes.push(fe.invalid(path, '', 'cannot set both resource and service backends'));
    if (!isObj(b.service) && !isObj(b.resource))
      return causes.push(fe.invalid(path, '', 'resource or service backend is required'));
    if (!isObj(b.service)) return;
    const svc = b.service;
    if (!svc.name) causes.push(fe.required(`${path}.service.name`));
    else
      for (const msg of dns1035Label(String(svc.name)))
        causes.push(fe.invalid(`${path}.service.name`, svc.name, msg));
    const port = isObj(svc.port) ? svc.port : {};
    if (port.name && port.number !== undefined)
      causes.push(fe.invalid(`${path}.service.port`, port, 'cannot set both port name & port number'));
    else if (port.name)
      for (const msg of portName(String(port.name)))
        causes.push(fe.invalid(`${path}.service.port.name`, port.name, msg));
    else if (port.number !== undefined) {
      if (!portRange(port.number))
        causes.push(fe.invalid(`${path}.service.port.number`, port.number, PORT_RANGE_MESSAGE));
    } else causes.push(fe.required(`${path}.service.port`, 'port name or number is required'));
  };
  if (isObj(s.defaultBackend)) backend(s.defaultBackend, 'spec.defaultBackend');
  rules.forEach((r, i) => {
    const rp = `spec.rules[${i}]`;
    if (r.host) {
      const host = String(r.host);
      const bare = host.startsWith('*.') ? host.slice(2) : host;
      for (const msg of dns1123Subdomain(bare)) causes.push(fe.invalid(`${rp}.host`, host, msg));
    }
    if (!isObj(r.http)) return;
    const paths = arr(r.http.paths);
    if (!paths.length) causes.push(fe.required(`${rp}.http.paths`));
    paths.forEach((p, j) => {
      const pp = `${rp}.http.paths[${j}]`;
      if (!p.pathType) causes.push(fe.required(`${pp}.pathType`, 'pathType must be specified'));
      if ((p.pathType === 'Exact' || p.pathType === 'Prefix') && !String(p.path ?? '').startsWith('/')) {
        causes.push(fe.invalid(`${pp}.path`, p.path ?? '', 'must be an absolute path'));
      }
      backend(p.backend, `${pp}.backend`);
    });
  });
  arr(s.tls).forEach((t, i) => {
    if (t.secretName)
      for (const msg of dns1123Subdomain(String(t.secretName)))
        causes.push(fe.invalid(`spec.tls[${i}].secretName`, t.secretName, msg));
  });
  if (s.ingressClassName)
    for (const msg of dns1123Subdomain(String(s.ingressClassName)))
      causes.push(fe.invalid('spec.ingressClassName', s.ingressClassName, msg));
  return causes;
}

const METRIC_SOURCE: Record<string, string> = {
  Resource: 'resource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
  ContainerResource: 'containerResource',
};

function validateMetric(m: Obj, path: string): StatusCause[] {
  if (!m.type) return [fe.required(`${path}.type`, 'must specify a metric source type')];
  const source = METRIC_SOURCE[m.type];
  if (!source) return [];
  if (!isObj(m[source]))
    return [fe.required(`${path}.${source}`, 'must populate information for the given metric source')];
  const target = m[source].target;
  if (!isObj(target)) return [];
  const causes: StatusCause[] = [];
  if (target.type === 'Utilization' && target.averageUtilization === undefined) {
    causes.push(
      fe.required(
        `${path}.${source}.target.averageUtilization`,
        'must set either a target raw value or a target utilization',
      ),
    );
  }
  if (typeof target.averageUtilization === 'number' && target.averageUtilization <= 0) {
    causes.push(
      fe.invalid(
        `${path}.${source}.target.averageUtilization`,
        target.averageUtilization,
        'must be greater than 0',
      ),
    );
  }
  return causes;
}

function validateHpa(o: Obj, apiVersion: string): StatusCause[] {
  const s = spec(o);
  const causes: StatusCause[] = [];
  const ref = isObj(s.scaleTargetRef) ? s.scaleTargetRef : {};
  if (!ref.kind) causes.push(fe.required('spec.scaleTargetRef.kind'));
  if (!ref.name) causes.push(fe.required('spec.scaleTargetRef.name'));
  if (typeof s.minReplicas === 'number' && s.minReplicas < 1)
    causes.push(fe.invalid('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
  if (typeof s.maxReplicas !== 'number' || s.maxReplicas < 1)
    causes.push(fe.invalid('spec.maxReplicas', s.maxReplicas ?? 0, 'must be greater than 0'));
  else if (typeof s.minReplicas === 'number' && s.maxReplicas < s.minReplicas) {
    causes.push(
      fe.invalid('spec.maxReplicas', s.maxReplicas, 'must be greater than or equal to `minReplicas`'),
    );
  }
  if (apiVersion === 'autoscaling/v1') {
    if (typeof s.targetCPUUtilizationPercentage === 'number' && s.targetCPUUtilizationPercentage < 1) {
      causes.push(
        fe.invalid(
          'spec.targetCPUUtilizationPercentage',
          s.targetCPUUtilizationPercentage,
          'must be greater than 0',
        ),
      );
    }
    return causes;
  }
  arr(s.metrics).forEach((m, i) => {
    causes.push(...validateMetric(m, `spec.metrics[${i}]`));
  });
  return causes;
}

function validateKind(o: Obj): StatusCause[] {
  const s = spec(o);
  const group = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : '';
  switch (`${group}/${o.kind}`) {
    case '/Pod':
      return validatePodSpec(o.spec, 'spec');
    case '/Service':
      return validateServiceSpec(s);
    case '/ConfigMap':
      return validateDataKeys(o);
    case '/Secret':
      return validateSecret(o);
    case '/PersistentVolumeClaim':
      return validateClaimSpec(o.spec, 'spec');
    case '/PersistentVolume': {
      const causes: StatusCause[] = [];
      if (!Array.isArray(s.accessModes) || !s.accessModes.length)
        causes.push(fe.required('spec.accessModes', 'at least 1 access mode is required'));
      if (!isObj(s.capacity) || s.capacity.storage === undefined)
        causes.push(fe.required('spec.capacity', ''));
      const sources = Object.keys(s).filter(
        (k) =>
          ![
            'accessModes',
            'capacity',
            'claimRef',
            'persistentVolumeReclaimPolicy',
            'storageClassName',
            'mountOptions',
            'volumeMode',
            'nodeAffinity',
            'volumeAttributesClassName',
          ].includes(k),
      );
      if (!sources.length) causes.push(fe.required('spec', 'must specify a volume type'));
      return causes;
    }
    case '/ReplicationController': {
      const causes = nonNegative(s, 'replicas', 'spec');
      const selector = isObj(s.selector) ? s.selector : {};
      if (!Object.keys(selector).length) causes.push(fe.required('spec.selector'));
      causes.push(...validateLabels(selector, 'spec.selector'));
      if (!isObj(s.template)) causes.push(fe.required('spec.template'));
      else {
        if (!selectorMatches({ matchLabels: selector }, templateLabels(s))) {
          causes.push(
            fe.invalid(
              'spec.template.metadata.labels',
              templateLabels(s),
              '`selector` does not match template `labels`',
            ),
          );
        }
        causes.push(...validatePodTemplate(s.template, 'spec.template'));
      }
      return causes;
    }
    case '/Node':
      return arr(s.taints).flatMap((t, i) =>
        t.key
          ? qualifiedName(String(t.key)).map((m) => fe.invalid(`spec.taints[${i}].key`, t.key, m))
          : [fe.required(`spec.taints[${i}].key`)],
      );
    case '/Event':
      return isObj(o.involvedObject) ? [] : [fe.required('involvedObject')];
    case 'apps/Deployment': {
      const causes = validateWorkloadSpec(s, {
        kind: 'Deployment',
        selectorRequired: true,
        restartPolicies: ['Always'],
      });
      if (s.strategy?.type === 'Recreate' && s.strategy.rollingUpdate) {
        causes.push(
          fe.forbidden(
            'spec.strategy.rollingUpdate',
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        );
      }
      causes.push(...validateRollingUpdate(s.strategy?.rollingUpdate, 'spec.strategy.rollingUpdate'));
      if (
        typeof s.progressDeadlineSeconds === 'number' &&
        typeof s.minReadySeconds === 'number' &&
        s.progressDeadlineSeconds <= s.minReadySeconds
      ) {
        causes.push(
          fe.invalid(
            'spec.progressDeadlineSeconds',
            s.progressDeadlineSeconds,
            'must be greater than minReadySeconds',
          ),
        );
      }
      return causes;
    }
    case 'apps/ReplicaSet':
      return validateWorkloadSpec(s, {
        kind: 'ReplicaSet',
        selectorRequired: true,
        restartPolicies: ['Always'],
      });
    case 'apps/DaemonSet': {
      const causes = validateWorkloadSpec(s, {
        kind: 'DaemonSet',
        selectorRequired: true,
        restartPolicies: ['Always'],
      });
      causes.push(
        ...validateRollingUpdate(s.updateStrategy?.rollingUpdate, 'spec.updateStrategy.rollingUpdate'),
      );
      return causes;
    }
    case 'apps/StatefulSet': {
      const causes = validateWorkloadSpec(s, {
        kind: 'StatefulSet',
        selectorRequired: true,
        restartPolicies: ['Always'],
      });
      arr(s.volumeClaimTemplates).forEach((t, i) => {
        causes.push(...validateClaimSpec(t.spec, `spec.volumeClaimTemplates[${i}].spec`));
      });
      if (s.serviceName)
        for (const msg of dns1123Label(String(s.serviceName)))
          causes.push(fe.invalid('spec.serviceName', s.serviceName, msg));
      causes.push(
        ...nonNegative(
          s.updateStrategy?.rollingUpdate ?? {},
          'partition',
          'spec.updateStrategy.rollingUpdate',
        ),
      );
      return causes;
    }
    case 'apps/ControllerRevision':
      return typeof o.revision === 'number' && o.revision < 0
        ? [fe.invalid('revision', o.revision, 'must be greater than or equal to 0')]
        : [];
    case 'batch/Job':
      return validateJobSpec(s, 'spec', s.manualSelector === true);
    case 'batch/CronJob':
      return validateCronJob(o);
    case 'networking.k8s.io/Ingress':
      return validateIngress(o);
    case 'autoscaling/HorizontalPodAutoscaler':
      return validateHpa(o, String(o.apiVersion));
    case 'coordination.k8s.io/Lease': {
      const causes: StatusCause[] = [];
      if (typeof s.leaseDurationSeconds === 'number' && s.leaseDurationSeconds <= 0) {
        causes.push(
          fe.invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'),
        );
      }
      causes.push(...nonNegative(s, 'leaseTransitions', 'spec'));
      return causes;
    }
    case 'discovery.k8s.io/EndpointSlice':
      return arr(o.endpoints).flatMap((e, i) =>
        Array.isArray(e.addresses) && e.addresses.length
          ? []
          : [fe.required(`endpoints[${i}].addresses`, 'must contain at least 1 address')],
      );
    case 'storage.k8s.io/StorageClass':
      return o.provisioner
        ? qualifiedName(String(o.provisioner)).map((m) => fe.invalid('provisioner', o.provisioner, m))
        : [fe.required('provisioner')];
    default:
      return [];
  }
}

const pathSegmentName: NameCheck = (name) => {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const bad = ['/', '%'].find((c) => name.includes(c));
  return bad ? [`may not contain '${bad}'`] : [];
};

function nameCheck(kind: string): NameCheck {
  if (kind === 'Namespace') return dns1123Label;
  if (kind === 'Service') return dns1035Label;
  if (kind === 'HorizontalPodAutoscaler') return pathSegmentName;
  return dns1123Subdomain;
}

/** Causes for a new object (after defaulting). */
export function validateCreate(obj: KubeObject): StatusCause[] {
  const o = obj as Obj;
  const def = findByKind(String(o.apiVersion), String(o.kind));
  const causes = validateObjectMeta(o.metadata, def?.namespaced ?? true, nameCheck(String(o.kind)));
  const schema = schemaForKind(String(o.apiVersion), String(o.kind));
  if (schema) causes.push(...enumCauses(o, schema, ''));
  causes.push(...validateKind(o));
  return causes;
}

const WORKLOAD_SELECTOR_IMMUTABLE = [
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/DaemonSet',
  'apps/StatefulSet',
  'batch/Job',
];

/** Fields of a StatefulSet's spec an update may change. */
const STATEFULSET_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

function updateRules(next: Obj, old: Obj): StatusCause[] {
  const group = String(next.apiVersion).includes('/') ? String(next.apiVersion).split('/')[0] : '';
  const key = `${group}/${next.kind}`;
  const ns = spec(next);
  const os = spec(old);
  const causes: StatusCause[] = [];
  if (
    WORKLOAD_SELECTOR_IMMUTABLE.includes(key) &&
    os.selector !== undefined &&
    !sameJson(ns.selector, os.selector)
  ) {
    causes.push(fe.immutable('spec.selector', ns.selector ?? null));
  }
  switch (key) {
    case '/Pod':
      causes.push(...validatePodSpecUpdate(next.spec, old.spec));
      break;
    case '/Service':
      if (
        os.clusterIP &&
        os.type !== 'ExternalName' &&
        ns.type !== 'ExternalName' &&
        ns.clusterIP !== os.clusterIP
      ) {
        causes.push(fe.immutable('spec.clusterIP', ns.clusterIP ?? ''));
      }
      break;
    case '/ConfigMap':
    case '/Secret':
      if (old.immutable === true) {
        if (next.immutable !== true)
          causes.push(fe.forbidden('immutable', 'field is immutable when `immutable` is set'));
        for (const field of ['data', 'binaryData']) {
          if (!sameJson(next[field], old[field]))
            causes.push(fe.forbidden(field, 'field is immutable when `immutable` is set'));
        }
      }
      if (key === '/Secret' && old.type !== undefined && next.type !== old.type)
        causes.push(fe.immutable('type', next.type ?? ''));
      break;
    case '/PersistentVolumeClaim': {
      const comparable: Obj = {
        ...ns,
        resources: os.resources,
        volumeAttributesClassName: os.volumeAttributesClassName,
      };
      if (!os.volumeName) comparable.volumeName = os.volumeName;
      if (!os.storageClassName) comparable.storageClassName = os.storageClassName;
      if (!sameJson(comparable, os)) {
        causes.push(
          fe.forbidden(
            'spec',
            'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
          ),
        );
      }
      break;
    }
    case 'apps/StatefulSet': {
      const strip = (s: Obj) =>
        Object.fromEntries(Object.entries(s).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)));
      if (!sameJson(strip(ns), strip(os))) {
        causes.push(
          fe.forbidden(
            'spec',
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
          ),
        );
      }
      break;
    }
    case 'batch/Job':
      if (!ns.suspend && !os.suspend && os.template !== undefined && !sameJson(ns.template, os.template)) {
        causes.push(fe.immutable('spec.template', ns.template));
      }
      if (os.completionMode !== undefined && ns.completionMode !== os.completionMode)
        causes.push(fe.immutable('spec.completionMode', ns.completionMode ?? ''));
      break;
    case 'storage.k8s.io/StorageClass':
      if (!sameJson(next.parameters, old.parameters))
        causes.push(fe.forbidden('parameters', 'updates to parameters are forbidden.'));
      if (next.provisioner !== old.provisioner)
        causes.push(fe.forbidden('provisioner', 'updates to provisioner are forbidden.'));
      if (next.reclaimPolicy !== old.reclaimPolicy)
        causes.push(fe.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
      if (next.volumeBindingMode !== old.volumeBindingMode)
        causes.push(fe.immutable('volumeBindingMode', next.volumeBindingMode ?? ''));
      break;
    case 'discovery.k8s.io/EndpointSlice':
      if (next.addressType !== old.addressType)
        causes.push(fe.immutable('addressType', next.addressType ?? ''));
      break;
  }
  return causes;
}

/** Causes for an update of `old` to `next` (both defaulted): the object's own validity, then what may not change. */
export function validateUpdate(next: KubeObject, old: KubeObject): StatusCause[] {
  return [
    ...validateCreate(next),
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...updateRules(next as Obj, old as Obj),
  ];
}
