import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiResource } from '../api/kinds/kind-def.js';

/** How long a server's discovery is reused, kubectl's (`--cache-dir`'s discovery) 6 hours. */
export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;

/** A server is its address and its CA: a cluster made again on the same port is another server. */
export interface CachedServer {
  server: string;
  ca: string;
}

interface CacheFile {
  time: number;
  resources: ApiResource[];
}

/**
 * Where a server's discovery is kept: $KUBECACHEDIR, else ~/.kube/cache as kubectl, under
 * minik8s-discovery/ (its own format), one file per server address and CA.
 */
export function discoveryCacheFile(
  { server, ca }: CachedServer,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = env.KUBECACHEDIR || path.join(os.homedir(), '.kube', 'cache');
  const host = new URL(server).host.replace(/[^A-Za-z0-9.-]/g, '_');
  const caHash = createHash('sha256').update(ca).digest('hex').slice(0, 12);
  return path.join(dir, 'minik8s-discovery', `${host}-${caHash}.json`);
}

/** The cached discovery of a server when younger than the TTL. */
export function readDiscoveryCache(server: CachedServer, now = Date.now()): ApiResource[] | undefined {
  try {
    const file = JSON.parse(fs.readFileSync(discoveryCacheFile(server), 'utf8')) as CacheFile;
    if (now - file.time > DISCOVERY_TTL_MS || now < file.time) return undefined;
    return file.resources;
  } catch {
    return undefined;
  }
}

/** Saves a discovery; a cache that cannot be written only costs the next run a fetch. */
export function writeDiscoveryCache(server: CachedServer, resources: ApiResource[], now = Date.now()): void {
  const file = discoveryCacheFile(server);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o750 });
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify({ time: now, resources } satisfies CacheFile));
    fs.renameSync(tmp, file);
  } catch {}
}
