import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AutoCompactOptions } from './auto-compact.js';
import { openStore } from './sqlite-store.js';
import { instrumentStore } from './store-metrics.js';
import type { ResourceRef, Store } from './types.js';

export interface OpenStoreOptions {
  autoCompact?: AutoCompactOptions | false;
  /** SQLite only: resources whose history keeps each object's last update alone (leases). */
  coalesce?: ResourceRef[];
  /** etcd over https: PEM files of the CA and of a client certificate and key. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** The cluster's name: an etcd endpoint without a path keeps its objects under `/minik8s/<name>`. */
  cluster?: string;
}

/** etcd members and the key prefix, from `etcd://h1:2379,h2:2379/prefix` or `https://h1:2379,https://h2:2379`. */
export interface EtcdEndpoint {
  endpoints: string[];
  prefix: string;
}

const USAGE = 'use sqlite://[PATH], etcd://HOST:PORT[,HOST:PORT...][/PREFIX], or http(s)://HOST:PORT[,...]';

export function parseEtcdEndpoint(endpoint: string): EtcdEndpoint {
  const scheme = /^([a-z]+):\/\//.exec(endpoint)?.[1];
  const protocol = scheme === 'etcd' ? 'http' : scheme;
  if (protocol !== 'http' && protocol !== 'https')
    throw new Error(`unsupported datastore endpoint "${endpoint}": ${USAGE}`);
  const endpoints: string[] = [];
  const prefixes = new Set<string>();
  for (const part of endpoint.split(',')) {
    const url = new URL(part.includes('://') ? part.replace(/^etcd:/, 'http:') : `${protocol}://${part}`);
    if (!url.host || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new Error(`unsupported datastore endpoint "${endpoint}": ${USAGE}`);
    }
    endpoints.push(`${url.protocol}//${url.host}`);
    if (url.pathname !== '/' && url.pathname !== '') prefixes.add(url.pathname.replace(/\/+$/, ''));
  }
  if (prefixes.size > 1) throw new Error(`datastore endpoint "${endpoint}" names more than one key prefix`);
  return { endpoints, prefix: [...prefixes][0] ?? '' };
}

/**
 * Where a cluster's objects live in etcd: under the endpoint's path, else under
 * `/minik8s/<cluster>`, so that clusters given the same etcd never see each other's objects.
 */
function clusterPrefix(endpoint: EtcdEndpoint, cluster: string | undefined): string {
  if (endpoint.prefix) return endpoint.prefix;
  if (!cluster) throw new Error('an etcd endpoint without a key prefix needs the name of its cluster');
  return `/minik8s/${cluster}`;
}

/** The endpoint when it names etcd members; undefined for the SQLite file, the default. */
function etcdEndpoint(endpoint: string | undefined): string | undefined {
  return endpoint && !endpoint.startsWith('sqlite://') ? endpoint : undefined;
}

/**
 * Opens the store a control plane keeps its state in, from an endpoint spelled as k3s's
 * `--datastore-endpoint`: none or `sqlite://` for `<stateDir>/state.db`, `sqlite:///file.db`
 * for another file, or the client URLs of etcd members. An etcd that does not answer fails here.
 */
export async function openStoreFromEndpoint(
  endpoint: string | undefined,
  stateDir: string,
  opts: OpenStoreOptions = {},
): Promise<Store> {
  const etcd = etcdEndpoint(endpoint);
  if (!etcd) {
    const path = endpoint?.slice('sqlite://'.length).split('?')[0];
    return instrumentStore(
      openStore(path || join(stateDir, 'state.db'), {
        autoCompact: opts.autoCompact,
        coalesce: opts.coalesce,
      }),
    );
  }
  return instrumentStore(await openEtcd(etcd, opts));
}

/**
 * Deletes the objects a cluster keeps in etcd, for `minik8s down`: a cluster given the same
 * name later starts empty. A cluster's SQLite file goes with its folder.
 */
export async function deleteClusterObjects(
  endpoint: string | undefined,
  cluster: string,
  tls?: OpenStoreOptions['tls'],
): Promise<void> {
  const etcd = etcdEndpoint(endpoint);
  if (!etcd) return;
  const store = await openEtcd(etcd, { cluster, tls, autoCompact: false });
  try {
    await store.deleteAll();
  } finally {
    await store.close();
  }
}

async function openEtcd(endpoint: string, opts: OpenStoreOptions) {
  const parsed = parseEtcdEndpoint(endpoint);
  const tls = opts.tls;
  // Loaded only for etcd: its gRPC client is most of a SQLite control plane's start-up otherwise.
  const { openEtcdStore } = await import('./etcd-store.js');
  return openEtcdStore({
    endpoints: parsed.endpoints,
    prefix: clusterPrefix(parsed, opts.cluster),
    autoCompact: opts.autoCompact,
    tls: tls && {
      ca: tls.caFile ? readFileSync(tls.caFile) : undefined,
      cert: tls.certFile ? readFileSync(tls.certFile) : undefined,
      key: tls.keyFile ? readFileSync(tls.keyFile) : undefined,
    },
  });
}
