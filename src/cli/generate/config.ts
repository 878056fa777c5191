import fs from 'node:fs';
import type { KubeObject } from '../../api/types.js';
import { type DataEntry, isUtf8, sortedMap } from './sources.js';

/** metadata as kubectl's generators leave it: name, then a null creationTimestamp (Go's zero time). */
export const meta = (name: string, labels?: Record<string, string>) => ({
  name,
  creationTimestamp: null,
  ...(labels ? { labels } : {}),
});

/** kubectl create configmap: text in data, other bytes in binaryData (base64). */
export function configMap(name: string, entries: DataEntry[]): KubeObject {
  const seen = new Set<string>();
  for (const [key] of entries) {
    if (seen.has(key))
      throw new Error(
        `cannot add key "${key}", another key by that name already exists in Data for ConfigMap "${name}"`,
      );
    seen.add(key);
  }
  const text = entries.filter(([, v]) => isUtf8(v)).map(([k, v]): [string, string] => [k, v.toString()]);
  const binary = entries
    .filter(([, v]) => !isUtf8(v))
    .map(([k, v]): [string, string] => [k, v.toString('base64')]);
  return {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: meta(name),
    ...(text.length ? { data: sortedMap(text) } : {}),
    ...(binary.length ? { binaryData: sortedMap(binary) } : {}),
  } as KubeObject;
}

function secret(name: string, data: [string, Buffer][], type?: string): KubeObject {
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: meta(name),
    ...(data.length ? { data: sortedMap(data.map(([k, v]) => [k, v.toString('base64')])) } : {}),
    ...(type ? { type } : {}),
  } as KubeObject;
}

/** kubectl create secret generic: every source base64 in data; the type only when given. */
export function genericSecret(name: string, entries: DataEntry[], type?: string): KubeObject {
  const seen = new Set<string>();
  for (const [key] of entries) {
    if (seen.has(key)) throw new Error(`cannot add key ${key}, another key by that name already exists`);
    seen.add(key);
  }
  return secret(name, entries, type);
}

const PEM = /-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/;

/** kubectl create secret tls: tls.crt and tls.key from PEM files. */
export function tlsSecret(name: string, certFile: string, keyFile: string): KubeObject {
  const read = (f: string) => {
    try {
      return fs.readFileSync(f);
    } catch {
      throw new Error(`Cannot read file ${f}, open ${f}: no such file or directory`);
    }
  };
  const cert = read(certFile);
  const key = read(keyFile);
  if (!PEM.test(cert.toString())) throw new Error('tls: failed to find any PEM data in certificate input');
  if (!PEM.test(key.toString())) throw new Error('tls: failed to find any PEM data in key input');
  return secret(
    name,
    [
      ['tls.crt', cert],
      ['tls.key', key],
    ],
    'kubernetes.io/tls',
  );
}

export interface DockerRegistry {
  server: string;
  username: string;
  password: string;
  email?: string;
}

/** kubectl create secret docker-registry: a .dockerconfigjson of one registry's credentials. */
export function dockerRegistrySecret(name: string, r: DockerRegistry): KubeObject {
  const auth = Buffer.from(`${r.username}:${r.password}`).toString('base64');
  const entry = { username: r.username, password: r.password, ...(r.email ? { email: r.email } : {}), auth };
  const config = JSON.stringify({ auths: { [r.server]: entry } });
  return secret(name, [['.dockerconfigjson', Buffer.from(config)]], 'kubernetes.io/dockerconfigjson');
}

/** kubectl create serviceaccount. */
export const serviceAccount = (name: string): KubeObject =>
  ({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(name) }) as KubeObject;
