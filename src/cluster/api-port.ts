import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './background-process.js';
import { type ClusterInfo, listClusters, writeClusterInfo } from './cluster-info.js';
import { canBind } from './ingress-ports.js';
import { minik8sHome } from './paths.js';

const firstPort = 6443;
const lastPort = 7443;
/** A lock older than this was left by an `up` that died holding it. */
const STALE_LOCK_MS = 30_000;

/**
 * A port in 6443-7443 that is free now and not kept by another cluster (stopped ones too),
 * tried from a random place as kind picks its API port, so `up`s in different homes (which do
 * not see each other's clusters) rarely pick the same one. Call it under withPortLock.
 */
async function pickApiPort(): Promise<number> {
  const taken = new Set(listClusters().map((c) => c.port));
  const span = lastPort - firstPort + 1;
  const start = randomInt(span);
  for (let i = 0; i < span; i++) {
    const port = firstPort + ((start + i) % span);
    if (!taken.has(port) && (await canBind('127.0.0.1', port))) return port;
  }
  throw new Error(`no free port between ${firstPort} and ${lastPort} on 127.0.0.1`);
}

/**
 * Runs `fn` while no other `up` of this home picks a port: one picks and records its port in
 * cluster.json before the next looks, so two at once never take the same one.
 */
async function withPortLock<T>(fn: () => Promise<T>): Promise<T> {
  const home = minik8sHome();
  fs.mkdirSync(home, { recursive: true });
  const lock = path.join(home, '.port-lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      else await sleep(20);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** A new cluster's record, written with a port no other cluster of this home has. */
export function recordNewCluster(make: (port: number) => ClusterInfo): Promise<ClusterInfo> {
  return withPortLock(async () => {
    const info = make(await pickApiPort());
    writeClusterInfo(info);
    return info;
  });
}

/**
 * Before a stopped or crashed cluster starts again: its port, or a free one when another
 * program took it meanwhile (recorded, so the kubeconfig written next names it). Whether it moved.
 */
export function keepOrMovePort(info: ClusterInfo): Promise<boolean> {
  return withPortLock(async () => {
    if (await canBind('127.0.0.1', info.port)) return false;
    info.port = await pickApiPort();
    writeClusterInfo(info);
    return true;
  });
}
