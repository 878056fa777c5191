import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../api/types.js';
import { meta } from './config.js';

export interface DeploymentOptions {
  images: string[];
  replicas: number;
  port?: number;
  command: string[];
}

/** A container's name from its image, as kubectl's buildPodSpec makes it: the last path part, no tag or digest. */
function containerName(image: string): string {
  const name = (image.split('/').at(-1) ?? image).split(':')[0].split('@')[0];
  if (!name.includes('_')) return name;
  // kubectl's sanitizeAndUniquify: a name it had to change gets a random suffix of utilrand's alphabet.
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const suffix = Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${name.replaceAll('_', '-')}-${suffix}`;
}

/** kubectl create deployment: labels and selector app=NAME, one container per image. */
export function deployment(name: string, o: DeploymentOptions): KubeObject {
  const labels = { app: name };
  const containers = o.images.map((image, i) => ({
    name: containerName(image),
    image,
    ...(i === 0 && o.command.length ? { command: o.command } : {}),
    ...(i === 0 && o.port !== undefined && o.port >= 0 ? { ports: [{ containerPort: o.port }] } : {}),
    resources: {},
  }));
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: meta(name, labels),
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers } },
      strategy: {},
    },
    status: {},
  } as unknown as KubeObject;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServiceOptions {
  tcp: string[];
  clusterIP?: string;
  nodePort?: number;
  externalName?: string;
}

/** `port[:targetPort]` of --tcp, as kubectl's ServiceCommonGeneratorV1 reads it. */
function servicePort(spec: string, nodePort?: number) {
  const [port, target] = spec.split(':');
  const n = Number(port);
  if (!/^\d+$/.test(port))
    throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(port)}: invalid syntax`);
  const targetPort =
    target === undefined || target === '' ? n : /^\d+$/.test(target) ? Number(target) : target;
  return {
    name: spec.replace(':', '-'),
    protocol: 'TCP',
    port: n,
    targetPort,
    ...(nodePort ? { nodePort } : {}),
  };
}

/** kubectl create service TYPE: selector and labels app=NAME, a TCP port per --tcp. */
export function service(name: string, type: ServiceType, o: ServiceOptions): KubeObject {
  if (type !== 'ExternalName' && !o.tcp.length && o.clusterIP !== 'None')
    throw new Error('at least one tcp port specifier must be provided');
  const labels = { app: name };
  const ports = o.tcp.map((t) => servicePort(t, o.nodePort));
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: meta(name, labels),
    spec: {
      ...(ports.length ? { ports } : {}),
      selector: labels,
      ...(o.clusterIP ? { clusterIP: o.clusterIP } : {}),
      type,
      ...(o.externalName ? { externalName: o.externalName } : {}),
    },
    status: { loadBalancer: {} },
  } as unknown as KubeObject;
}
