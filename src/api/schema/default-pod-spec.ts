/** Defaults of the structures several kinds embed: PodSpecs, pod templates, claim specs. */
import { child, each, setDefault, unset } from './default-values.js';
import { isObj, type Obj } from './json-values.js';

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

/** The pod template of a workload's spec. */
export function defaultTemplate(spec: Obj): void {
  if (isObj(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}

export function defaultClaimSpec(spec: Obj): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
}
