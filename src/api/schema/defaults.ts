/** Kubernetes' defaulting (the SetDefaults_* functions and create-time strategy defaults) per kind. */
import type { KubeObject } from '../types.js';
import { isObj, type Obj } from './json-values.js';

/** Go's defaulting tests for the zero value: absent, null and "" alike. */
const unset = (v: unknown) => v === undefined || v === null || v === '';

function setDefault(o: Obj, key: string, value: unknown): void {
  if (unset(o[key])) o[key] = value;
}

function child(o: Obj, key: string): Obj {
  if (!isObj(o[key])) o[key] = {};
  return o[key];
}

const each = (list: unknown, fn: (item: Obj) => void) => {
  if (Array.isArray(list)) for (const item of list) if (isObj(item)) fn(item);
};

/** `latest` or no tag means Always, as the kubelet cannot tell a moved tag otherwise. */
function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string' || image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : '';
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(h: unknown): void {
  if (!isObj(h) || !isObj(h.httpGet)) return;
  setDefault(h.httpGet, 'path', '/');
  setDefault(h.httpGet, 'scheme', 'HTTP');
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  defaultHandler(p);
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
}

function defaultFieldRef(ref: unknown): void {
  if (isObj(ref)) setDefault(ref, 'apiVersion', 'v1');
}

function defaultContainer(c: Obj, hostNetwork: boolean): void {
  setDefault(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  each(c.ports, (p) => {
    setDefault(p, 'protocol', 'TCP');
    if (hostNetwork && unset(p.hostPort) && typeof p.containerPort === 'number') p.hostPort = p.containerPort;
  });
  each(c.env, (e) => {
    if (isObj(e.valueFrom)) defaultFieldRef(e.valueFrom.fieldRef);
  });
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
}

const VOLUME_SOURCES_WITH_MODE = ['configMap', 'secret', 'downwardAPI', 'projected'];

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
  if (!sources.length) v.emptyDir = {};
  for (const kind of VOLUME_SOURCES_WITH_MODE) if (isObj(v[kind])) setDefault(v[kind], 'defaultMode', 420);
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.downwardAPI)) each(v.downwardAPI.items, (i) => defaultFieldRef(i.fieldRef));
  if (isObj(v.projected)) {
    each(v.projected.sources, (s) => {
      if (isObj(s.downwardAPI)) each(s.downwardAPI.items, (i) => defaultFieldRef(i.fieldRef));
      if (isObj(s.serviceAccountToken)) setDefault(s.serviceAccountToken, 'expirationSeconds', 3600);
    });
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    defaultClaimSpec(child(v.ephemeral.volumeClaimTemplate, 'spec'));
  }
}

/** Defaults every PodSpec gets, in pods and in pod templates alike. */
export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  const hostNetwork = spec.hostNetwork === true;
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'])
    each(spec[list], (c) => defaultContainer(c, hostNetwork));
  each(spec.volumes, defaultVolume);
}

function defaultTemplate(spec: Obj): void {
  if (isObj(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}

/** What a Pod object gets beyond its spec: admission's service account and priority, requests from limits. */
function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  if (unset(spec.serviceAccountName))
    spec.serviceAccountName = unset(spec.serviceAccount) ? 'default' : spec.serviceAccount;
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  for (const list of ['containers', 'initContainers']) {
    each(spec[list], (c) => {
      if (!isObj(c.resources) || !isObj(c.resources.limits)) return;
      const requests = child(c.resources, 'requests');
      for (const [name, limit] of Object.entries(c.resources.limits))
        if (requests[name] === undefined) requests[name] = limit;
    });
  }
}

function defaultService(svc: Obj): void {
  const spec = child(svc, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = child(child(spec, 'sessionAffinityConfig'), 'clientIP');
    setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  each(spec.ports, (p) => {
    setDefault(p, 'protocol', 'TCP');
    if (unset(p.targetPort) || p.targetPort === 0) p.targetPort = p.port;
  });
  if (spec.type === 'ExternalName') return;
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
    setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  if (!Array.isArray(spec.ipFamilies) || !spec.ipFamilies.length) spec.ipFamilies = ['IPv4'];
}

function defaultDeployment(d: Obj): void {
  const spec = child(d, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

function defaultReplicaSet(rs: Obj): void {
  const spec = child(rs, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultTemplate(spec);
}

/** An RC without selector or labels takes them from its template. */
function defaultReplicationController(rc: Obj): void {
  const spec = child(rc, 'spec');
  setDefault(spec, 'replicas', 1);
  const templateLabels =
    isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  if (isObj(templateLabels) && Object.keys(templateLabels).length) {
    if (!isObj(spec.selector) || !Object.keys(spec.selector).length) spec.selector = { ...templateLabels };
    const meta = child(rc, 'metadata');
    if (!isObj(meta.labels) || !Object.keys(meta.labels).length) meta.labels = { ...templateLabels };
  }
  defaultTemplate(spec);
}

function defaultDaemonSet(ds: Obj): void {
  const spec = child(ds, 'spec');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    if (rolling.maxSurge === undefined) rolling.maxSurge = 0;
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

function defaultStatefulSet(sts: Obj): void {
  const spec = child(sts, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(child(strategy, 'rollingUpdate'), 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  each(spec.volumeClaimTemplates, (pvc) => {
    setDefault(pvc, 'apiVersion', 'v1');
    setDefault(pvc, 'kind', 'PersistentVolumeClaim');
    defaultClaimSpec(child(pvc, 'spec'));
    setDefault(child(pvc, 'status'), 'phase', 'Pending');
  });
  defaultTemplate(spec);
}

/**
 * Job defaults; a Job without manualSelector gets the selector and template labels the
 * API server generates from its uid.
 */
function defaultJob(job: Obj): void {
  const spec = child(job, 'spec');
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', unset(spec.backoffLimitPerIndex) ? 6 : 2147483647);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  if (isObj(spec.podFailurePolicy)) {
    each(spec.podFailurePolicy.rules, (r) => each(r.onPodConditions, (c) => setDefault(c, 'status', 'True')));
  }
  const uid = job.metadata?.uid;
  if (spec.manualSelector !== true && !isObj(spec.selector) && typeof uid === 'string' && uid) {
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    const name = job.metadata?.name;
    const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
    labels['batch.kubernetes.io/controller-uid'] = uid;
    labels['controller-uid'] = uid;
    if (typeof name === 'string') {
      labels['batch.kubernetes.io/job-name'] = name;
      labels['job-name'] = name;
    }
  }
  defaultTemplate(spec);
}

function defaultCronJob(cj: Obj): void {
  const spec = child(cj, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  if (isObj(spec.jobTemplate)) defaultTemplate(child(spec.jobTemplate, 'spec'));
}

function defaultClaimSpec(spec: Obj): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
}

function defaultHpaV2(hpa: Obj): void {
  const spec = child(hpa, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || !spec.metrics.length) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  }
  if (!isObj(spec.behavior)) return;
  const up = child(spec.behavior, 'scaleUp');
  setDefault(up, 'stabilizationWindowSeconds', 0);
  setDefault(up, 'selectPolicy', 'Max');
  if (!Array.isArray(up.policies)) {
    up.policies = [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ];
  }
  const down = child(spec.behavior, 'scaleDown');
  setDefault(down, 'stabilizationWindowSeconds', 300);
  setDefault(down, 'selectPolicy', 'Max');
  if (!Array.isArray(down.policies)) down.policies = [{ type: 'Percent', value: 100, periodSeconds: 15 }];
}

const byKind: Record<string, (o: Obj) => void> = {
  '/Pod': defaultPod,
  '/Service': defaultService,
  '/ReplicationController': defaultReplicationController,
  '/Secret': (s) => setDefault(s, 'type', 'Opaque'),
  '/PersistentVolumeClaim': (pvc) => {
    defaultClaimSpec(child(pvc, 'spec'));
    setDefault(child(pvc, 'status'), 'phase', 'Pending');
  },
  '/PersistentVolume': (pv) => {
    const spec = child(pv, 'spec');
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
    setDefault(child(pv, 'status'), 'phase', 'Pending');
  },
  '/Namespace': (ns) => {
    const spec = child(ns, 'spec');
    if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
    setDefault(child(ns, 'status'), 'phase', 'Active');
    const name = ns.metadata?.name;
    if (typeof name === 'string' && name)
      child(child(ns, 'metadata'), 'labels')['kubernetes.io/metadata.name'] = name;
  },
  '/Node': (node) => {
    const status = child(node, 'status');
    if (isObj(status.capacity) && !isObj(status.allocatable)) status.allocatable = { ...status.capacity };
  },
  '/Endpoints': (ep) => each(ep.subsets, (s) => each(s.ports, (p) => setDefault(p, 'protocol', 'TCP'))),
  'discovery.k8s.io/EndpointSlice': (es) => each(es.ports, (p) => setDefault(p, 'protocol', 'TCP')),
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/DaemonSet': defaultDaemonSet,
  'apps/StatefulSet': defaultStatefulSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'storage.k8s.io/StorageClass': (sc) => {
    setDefault(sc, 'reclaimPolicy', 'Delete');
    setDefault(sc, 'volumeBindingMode', 'Immediate');
  },
};

/** Applies Kubernetes' defaults for the object's kind, in place; returns the object. */
export function applyDefaults<T extends KubeObject>(obj: T): T {
  const apiVersion = String(obj.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (group === 'autoscaling' && obj.kind === 'HorizontalPodAutoscaler') {
    if (apiVersion === 'autoscaling/v1') setDefault(child(obj, 'spec'), 'minReplicas', 1);
    else defaultHpaV2(obj);
    return obj;
  }
  byKind[`${group}/${obj.kind}`]?.(obj);
  return obj;
}
