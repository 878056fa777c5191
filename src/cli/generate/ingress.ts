import type { KubeObject } from '../../api/types.js';

export interface IngressOptions {
  rules: string[];
  className?: string;
  defaultBackend?: string;
  annotations: string[];
}

// kubectl's validation of --rule: host/path=svcname:svcport[,tls[=secret]].
const RULE = /^[\w*\-.]*\/.*=[\w-]+:[\w-]+(,tls=?[\w-]+)?/;

/** `svc:port`: a port number, or a port name. */
function backend(spec: string) {
  const [name, port] = spec.split(':');
  return { service: { name, port: /^-?\d+$/.test(port) ? { number: Number(port) } : { name: port } } };
}

function httpPath(pathAndService: string) {
  const [p, service] = pathAndService.split('=');
  const path = `/${p}`;
  const prefix = path.endsWith('*');
  return {
    path: prefix ? path.slice(0, -1) : path,
    pathType: prefix ? 'Prefix' : 'Exact',
    backend: backend(service),
  };
}

/** TLS entries of the rules marked `,tls[=secret]`: a host once, hosts of one secret together. */
function tlsOf(rules: string[]) {
  const out: { hosts?: string[]; secretName?: string }[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0];
    const secret = parts[1].split('=')[1] ?? '';
    if (seen.has(host)) continue;
    seen.add(host);
    const same = out.find((t) => (t.secretName ?? '') === secret);
    if (same) {
      same.hosts = [...(same.hosts ?? []), host];
      continue;
    }
    const entry = { ...(host ? { hosts: [host] } : {}), ...(secret ? { secretName: secret } : {}) };
    if (host || secret) out.push(entry);
  }
  return out;
}

/** A rule per host, the paths of rules with the same host together. */
function rulesOf(rules: string[]) {
  const out: { host?: string; http: { paths: ReturnType<typeof httpPath>[] } }[] = [];
  for (const rule of rules) {
    const withoutTls = rule.split(',')[0];
    const slash = withoutTls.indexOf('/');
    const host = withoutTls.slice(0, slash);
    const path = httpPath(withoutTls.slice(slash + 1));
    const same = out.find((r) => (r.host ?? '') === host);
    if (same) same.http.paths.push(path);
    else out.push({ ...(host ? { host } : {}), http: { paths: [path] } });
  }
  return out;
}

/** kubectl create ingress. */
export function ingress(name: string, o: IngressOptions): KubeObject {
  if (!o.defaultBackend && !o.rules.length)
    throw new Error(
      'not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)',
    );
  for (const rule of o.rules)
    if (!RULE.test(rule))
      throw new Error(
        `rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`,
      );
  for (const a of o.annotations)
    if (!a.includes('=')) throw new Error(`annotation ${a} is invalid and should be in format key=[value]`);
  if (o.defaultBackend && o.defaultBackend.split(':').length !== 2)
    throw new Error('default-backend should be in format servicename:serviceport');
  const annotations = Object.fromEntries(
    o.annotations
      .map((a): [string, string] => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const tls = tlsOf(o.rules);
  const rules = rulesOf(o.rules);
  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    metadata: {
      name,
      creationTimestamp: null,
      ...(o.annotations.length ? { annotations } : {}),
    },
    spec: {
      ...(o.className ? { ingressClassName: o.className } : {}),
      ...(o.defaultBackend ? { defaultBackend: backend(o.defaultBackend) } : {}),
      ...(tls.length ? { tls } : {}),
      ...(rules.length ? { rules } : {}),
    },
    status: { loadBalancer: {} },
  } as unknown as KubeObject;
}
