import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { Connection } from '../client/client.js';

interface Named<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}

interface ClusterEntry {
  server: string;
  'certificate-authority-data'?: string;
  'certificate-authority'?: string;
  'insecure-skip-tls-verify'?: boolean;
}

interface UserEntry {
  token?: string;
  tokenFile?: string;
  'client-certificate-data'?: string;
  'client-key-data'?: string;
}

interface ContextEntry {
  cluster: string;
  user: string;
  namespace?: string;
}

/** A kubeconfig file as kubectl reads it; unknown fields are kept as they are. */
export interface Kubeconfig {
  apiVersion: string;
  kind: string;
  preferences?: Record<string, unknown>;
  clusters: Named<ClusterEntry>[];
  users: Named<UserEntry>[];
  contexts: Named<ContextEntry>[];
  'current-context': string;
  [key: string]: unknown;
}

/** The context, cluster and user name minik8s uses for a cluster, like kind's `kind-NAME`. */
export function contextName(cluster: string): string {
  return `minik8s-${cluster}`;
}

/**
 * The kubeconfig of one cluster, current context set to it. With the admin's client certificate,
 * kubectl authenticates with it (as kind's kubeconfig does); the token stays for minik8s's own CLI.
 */
export function clusterKubeconfig(
  cluster: string,
  conn: Connection,
  clientCert?: { cert: string; key: string },
): Kubeconfig {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const name = contextName(cluster);
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name,
        cluster: {
          server: conn.server,
          'certificate-authority-data': b64(conn.ca),
        },
      },
    ],
    users: [
      {
        name,
        user: {
          ...(clientCert
            ? { 'client-certificate-data': b64(clientCert.cert), 'client-key-data': b64(clientCert.key) }
            : {}),
          token: conn.token,
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  };
}

export function kubeconfigYaml(config: Kubeconfig): string {
  return YAML.stringify(config);
}

/** The kubeconfig files in effect: $KUBECONFIG's paths (kubectl merges them), else ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  return list.length > 0 ? list : [path.join(os.homedir(), '.kube', 'config')];
}

/** The file `up` writes its context into, as kind does: the first of $KUBECONFIG, else ~/.kube/config. */
export function userKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return kubeconfigPaths(env)[0];
}

function emptyConfig(): Kubeconfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [],
    users: [],
    contexts: [],
    'current-context': '',
  };
}

export function readKubeconfig(file: string): Kubeconfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig();
    throw err;
  }
  const parsed = (YAML.parse(text) ?? {}) as Partial<Kubeconfig>;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file} is not a kubeconfig`);
  return {
    ...emptyConfig(),
    ...parsed,
    clusters: parsed.clusters ?? [],
    users: parsed.users ?? [],
    contexts: parsed.contexts ?? [],
    'current-context': parsed['current-context'] ?? '',
  };
}

function writeKubeconfig(file: string, config: Kubeconfig): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, YAML.stringify(config), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function upsert<T>(list: Named<T>[], entries: Named<T>[]): Named<T>[] {
  const out = [...list];
  for (const e of entries) {
    const i = out.findIndex((x) => x.name === e.name);
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}

/** Adds (or replaces) the entries of `entry` in the file and makes its context current. */
export function mergeKubeconfig(file: string, entry: Kubeconfig): void {
  const config = readKubeconfig(file);
  config.clusters = upsert(config.clusters, entry.clusters);
  config.users = upsert(config.users, entry.users);
  config.contexts = upsert(config.contexts, entry.contexts);
  config['current-context'] = entry['current-context'];
  writeKubeconfig(file, config);
}

/** Removes a cluster's context, cluster and user; clears current-context if it was that one. */
export function removeFromKubeconfig(file: string, cluster: string): void {
  if (!fs.existsSync(file)) return;
  const name = contextName(cluster);
  const config = readKubeconfig(file);
  const before = config.clusters.length + config.users.length + config.contexts.length;
  config.clusters = config.clusters.filter((e) => e.name !== name);
  config.users = config.users.filter((e) => e.name !== name);
  config.contexts = config.contexts.filter((e) => e.name !== name);
  const removed = before !== config.clusters.length + config.users.length + config.contexts.length;
  if (config['current-context'] === name) config['current-context'] = '';
  else if (!removed) return;
  writeKubeconfig(file, config);
}

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

/** What the CLI talks to: a context's server, CA and token, and its default namespace. */
export interface ContextConnection {
  context: string;
  namespace: string;
  conn: Connection;
}

function readFileRelative(base: string, file: string): string {
  return fs.readFileSync(path.resolve(path.dirname(base), file), 'utf8');
}

/**
 * Loads the connection of a context (--context, else current-context) from --kubeconfig, else
 * from the kubeconfig files in effect, merged as kubectl merges them (first file wins).
 */
export function loadConnection(opts: ConnectOptions = {}): ContextConnection {
  if (opts.kubeconfig && !fs.existsSync(opts.kubeconfig))
    throw new Error(`the kubeconfig ${opts.kubeconfig} does not exist`);
  const files = opts.kubeconfig ? [opts.kubeconfig] : kubeconfigPaths(opts.env);
  const configs = files.map((f) => ({ file: f, config: readKubeconfig(f) }));
  const contextName = opts.context || configs.map((c) => c.config['current-context']).find(Boolean);
  if (!contextName) {
    throw new Error(
      'no current context in the kubeconfig: run `minik8s up`, or pass --context or --kubeconfig',
    );
  }
  const find = <T>(pick: (c: Kubeconfig) => Named<T>[], name: string) => {
    for (const { file, config } of configs) {
      const e = pick(config).find((x) => x.name === name);
      if (e) return { file, entry: e };
    }
    return undefined;
  };
  const ctx = find((c) => c.contexts, contextName)?.entry.context;
  if (!ctx) throw new Error(`context "${contextName}" does not exist in the kubeconfig`);
  const cl = find((c) => c.clusters, ctx.cluster);
  if (!cl?.entry.cluster)
    throw new Error(`cluster "${ctx.cluster}" of context "${contextName}" does not exist`);
  const us = find((c) => c.users, ctx.user);
  if (!us?.entry.user) throw new Error(`user "${ctx.user}" of context "${contextName}" does not exist`);
  const c = cl.entry.cluster;
  const ca = c['certificate-authority-data']
    ? Buffer.from(c['certificate-authority-data'], 'base64').toString('utf8')
    : c['certificate-authority']
      ? readFileRelative(cl.file, c['certificate-authority'])
      : '';
  const u = us.entry.user;
  const token = u.token ?? (u.tokenFile ? readFileRelative(us.file, u.tokenFile).trim() : undefined);
  if (!token) throw new Error(`user "${ctx.user}" has no token: minik8s connects with bearer tokens`);
  return {
    context: contextName,
    namespace: ctx.namespace || 'default',
    conn: { server: c.server, ca, token },
  };
}
