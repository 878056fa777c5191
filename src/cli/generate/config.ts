import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import type { KubeObject } from '../../api/types.js';
import { goJson } from '../go-json.js';
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

/** The PEM block types in a file. */
const pemTypes = (pem: Buffer) =>
  [...pem.toString().matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);

/** Go's tls.X509KeyPair checks, in its words: a certificate, a private key, and the two a pair. */
function checkKeyPair(cert: Buffer, key: Buffer): void {
  const certTypes = pemTypes(cert);
  if (!certTypes.includes('CERTIFICATE'))
    throw new Error(
      certTypes.some((t) => t.endsWith('PRIVATE KEY'))
        ? 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched'
        : 'tls: failed to find any PEM data in certificate input',
    );
  const keyTypes = pemTypes(key);
  if (!keyTypes.some((t) => t.endsWith('PRIVATE KEY')))
    throw new Error(
      keyTypes.includes('CERTIFICATE')
        ? 'tls: found a certificate rather than a key in the PEM for the private key'
        : 'tls: failed to find any PEM data in key input',
    );
  let publicKey: KeyObject;
  let privateKey: KeyObject;
  try {
    publicKey = new X509Certificate(cert).publicKey;
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new Error(`tls: ${(err as Error).message}`);
  }
  if (publicKey.asymmetricKeyType !== privateKey.asymmetricKeyType)
    throw new Error('tls: private key type does not match public key type');
  if (!new X509Certificate(cert).checkPrivateKey(privateKey))
    throw new Error('tls: private key does not match public key');
}

/** kubectl create secret tls: tls.crt and tls.key from PEM files. */
export function tlsSecret(name: string, certFile?: string, keyFile?: string): KubeObject {
  if (!certFile || !keyFile) throw new Error('key and cert must be specified');
  const read = (f: string) => {
    try {
      return fs.readFileSync(f);
    } catch {
      throw new Error(`Cannot read file ${f}, open ${f}: no such file or directory`);
    }
  };
  const cert = read(certFile);
  const key = read(keyFile);
  checkKeyPair(cert, key);
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
  username?: string;
  password?: string;
  email?: string;
}

/** kubectl create secret docker-registry: a .dockerconfigjson of one registry's credentials. */
export function dockerRegistrySecret(name: string, r: DockerRegistry): KubeObject {
  if (!r.username || !r.password || !r.server)
    throw new Error(
      'either --from-file or the combination of --docker-username, --docker-password and --docker-server is required',
    );
  const auth = Buffer.from(`${r.username}:${r.password}`).toString('base64');
  const entry = { username: r.username, password: r.password, ...(r.email ? { email: r.email } : {}), auth };
  // Go's encoding/json: the fields in their struct order, <, > and & escaped.
  const config = goJson({ auths: { [r.server]: entry } }, false, true);
  return secret(name, [['.dockerconfigjson', Buffer.from(config)]], 'kubernetes.io/dockerconfigjson');
}

/** kubectl create serviceaccount. */
export const serviceAccount = (name: string): KubeObject =>
  ({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(name) }) as KubeObject;

/** kubectl create namespace. */
export const namespace = (name: string): KubeObject =>
  ({
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: meta(name),
    spec: {},
    status: {},
  }) as unknown as KubeObject;
