import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { fieldValue, type PodAddresses, resourceValue } from './downward.js';
import { configMapValues, type NodeContext, type PodInputs, secretValues } from './inputs.js';
import { LABEL, testLabels } from './labels.js';
import type { DownwardAPIVolumeFile, KeyToPath, Pod, Volume } from './pod.js';
import { parseQuantity } from './quantity.js';

/** A volume could not be set up: the pod waits in ContainerCreating and a FailedMount event says why. */
export class MountError extends Error {}

/** Where a pod volume lives on the host: a directory path, or a Docker volume name (tmpfs). */
export interface PreparedVolume {
  source: string;
  dockerVolume: boolean;
  readOnly: boolean;
}

export interface VolumeContext {
  docker: Docker;
  stateDir: string;
  /** Host folder on a tmpfs (same path in the node) for Secret and projected volumes; else stateDir. */
  secretDir?: string;
  cluster: string;
  node: NodeContext;
  inputs: PodInputs;
  addr: PodAddresses;
}

export function podDir(stateDir: string, uid: string): string {
  return path.join(stateDir, 'pods', uid);
}

function tmpfsVolumeName(pod: Pod, volume: string): string {
  return `minik8s-${pod.metadata.uid}-${volume}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/**
 * Makes every volume of a pod exist on the host with its current content. Idempotent: called
 * again, it rewrites ConfigMap/Secret/downward files whose content changed, which is how
 * mounted ConfigMaps and Secrets follow updates.
 */
export async function prepareVolumes(pod: Pod, ctx: VolumeContext): Promise<Map<string, PreparedVolume>> {
  const out = new Map<string, PreparedVolume>();
  const base = path.join(podDir(ctx.stateDir, pod.metadata.uid), 'volumes');
  // Like the kubelet, Secret (and projected, which may hold Secrets and tokens) volumes are
  // written to memory, never to the disk.
  const memoryBase = ctx.secretDir ? path.join(podDir(ctx.secretDir, pod.metadata.uid), 'volumes') : base;
  for (const v of pod.spec.volumes ?? []) {
    const dir = path.join(v.secret || v.projected ? memoryBase : base, v.name);
    try {
      out.set(v.name, await prepareOne(pod, v, dir, ctx));
    } catch (err) {
      if (err instanceof MountError)
        throw new MountError(`MountVolume.SetUp failed for volume "${v.name}" : ${err.message}`);
      throw err;
    }
  }
  return out;
}

async function prepareOne(pod: Pod, v: Volume, dir: string, ctx: VolumeContext): Promise<PreparedVolume> {
  const ns = pod.metadata.namespace;
  if (v.emptyDir) {
    if (v.emptyDir.medium === 'Memory') {
      const name = tmpfsVolumeName(pod, v.name);
      const size =
        v.emptyDir.sizeLimit !== undefined ? `,size=${Math.floor(parseQuantity(v.emptyDir.sizeLimit))}` : '';
      await ctx.docker
        .createVolume({
          Name: name,
          Driver: 'local',
          DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: `mode=1777${size}` },
          Labels: {
            [LABEL.cluster]: ctx.cluster,
            [LABEL.node]: ctx.node.nodeName,
            [LABEL.podUid]: pod.metadata.uid,
            ...testLabels(),
          },
        })
        .catch(() => undefined);
      return { source: name, dockerVolume: true, readOnly: false };
    }
    await fs.mkdir(dir, { recursive: true });
    await fs.chmod(dir, 0o777);
    return { source: dir, dockerVolume: false, readOnly: false };
  }
  if (v.hostPath) return { source: v.hostPath.path, dockerVolume: false, readOnly: false };
  if (v.persistentVolumeClaim) {
    const p = await ctx.inputs.claimPath(ns, v.persistentVolumeClaim.claimName);
    if (!p) throw new MountError(`persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" is not bound`);
    await fs.mkdir(p, { recursive: true }).catch(() => undefined);
    return { source: p, dockerVolume: false, readOnly: !!v.persistentVolumeClaim.readOnly };
  }
  const files = new Map<string, { data: Buffer; mode: number }>();
  if (v.configMap) {
    const mode = v.configMap.defaultMode ?? 0o644;
    const cm = await ctx.inputs.configMap(ns, v.configMap.name);
    if (!cm && !v.configMap.optional) throw new MountError(`configmap "${v.configMap.name}" not found`);
    if (cm)
      addKeys(
        files,
        configMapValues(cm),
        v.configMap.items,
        mode,
        `configmap "${v.configMap.name}"`,
        !!v.configMap.optional,
      );
  } else if (v.secret) {
    const mode = v.secret.defaultMode ?? 0o644;
    const s = await ctx.inputs.secret(ns, v.secret.secretName);
    if (!s && !v.secret.optional) throw new MountError(`secret "${v.secret.secretName}" not found`);
    if (s)
      addKeys(
        files,
        secretValues(s),
        v.secret.items,
        mode,
        `secret "${v.secret.secretName}"`,
        !!v.secret.optional,
      );
  } else if (v.downwardAPI) {
    addDownward(files, pod, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? 0o644, ctx);
  } else if (v.projected) {
    const mode = v.projected.defaultMode ?? 0o644;
    for (const src of v.projected.sources ?? []) {
      if (src.configMap) {
        const cm = await ctx.inputs.configMap(ns, src.configMap.name);
        if (!cm && !src.configMap.optional)
          throw new MountError(`configmap "${src.configMap.name}" not found`);
        if (cm)
          addKeys(
            files,
            configMapValues(cm),
            src.configMap.items,
            mode,
            `configmap "${src.configMap.name}"`,
            !!src.configMap.optional,
          );
      }
      if (src.secret) {
        const s = await ctx.inputs.secret(ns, src.secret.name);
        if (!s && !src.secret.optional) throw new MountError(`secret "${src.secret.name}" not found`);
        if (s)
          addKeys(
            files,
            secretValues(s),
            src.secret.items,
            mode,
            `secret "${src.secret.name}"`,
            !!src.secret.optional,
          );
      }
      if (src.downwardAPI) addDownward(files, pod, src.downwardAPI.items ?? [], mode, ctx);
      if (src.serviceAccountToken) {
        const token = await ctx.inputs.serviceAccountToken?.(pod);
        if (token) files.set(src.serviceAccountToken.path, { data: Buffer.from(token), mode });
      }
    }
  } else {
    await fs.mkdir(dir, { recursive: true });
    return { source: dir, dockerVolume: false, readOnly: false };
  }
  await syncFiles(dir, files);
  return { source: dir, dockerVolume: false, readOnly: true };
}

function addKeys(
  files: Map<string, { data: Buffer; mode: number }>,
  values: Record<string, Buffer>,
  items: KeyToPath[] | undefined,
  mode: number,
  what: string,
  optional: boolean,
): void {
  if (!items) {
    for (const [k, data] of Object.entries(values)) files.set(k, { data, mode });
    return;
  }
  for (const item of items) {
    const data = values[item.key];
    if (data === undefined) {
      if (optional) continue;
      throw new MountError(`${what} does not have key "${item.key}"`);
    }
    files.set(item.path, { data, mode: item.mode ?? mode });
  }
}

function addDownward(
  files: Map<string, { data: Buffer; mode: number }>,
  pod: Pod,
  items: DownwardAPIVolumeFile[],
  mode: number,
  ctx: VolumeContext,
): void {
  for (const item of items) {
    let value = '';
    if (item.fieldRef) value = fieldValue(pod, item.fieldRef, ctx.addr, ctx.node);
    else if (item.resourceFieldRef) value = resourceValue(pod, undefined, item.resourceFieldRef, ctx.node);
    files.set(item.path, { data: Buffer.from(value), mode: item.mode ?? mode });
  }
}

/** Writes changed files atomically (temp file + rename) and removes files no longer wanted. */
async function syncFiles(dir: string, files: Map<string, { data: Buffer; mode: number }>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const [rel, { data, mode }] of files) {
    const target = path.join(dir, rel);
    if (!target.startsWith(dir + path.sep)) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const current = await fs.readFile(target).catch(() => undefined);
    if (current?.equals(data)) {
      await fs.chmod(target, mode);
      continue;
    }
    const tmp = `${target}.${createHash('sha1').update(data).digest('hex').slice(0, 8)}.tmp`;
    await fs.writeFile(tmp, data, { mode });
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, target);
  }
  const wanted = new Set([...files.keys()].map((rel) => path.join(dir, rel)));
  await removeUnwanted(dir, wanted);
}

async function removeUnwanted(dir: string, wanted: Set<string>): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      await removeUnwanted(p, wanted);
      if ((await fs.readdir(p)).length === 0 && ![...wanted].some((w) => w.startsWith(p + path.sep)))
        await fs.rmdir(p);
    } else if (!wanted.has(p)) {
      await fs.rm(p, { force: true });
    }
  }
}

/** Removes a pod's volume directories and tmpfs volumes (hostPath and claims are left alone). */
export async function removeVolumes(
  pod: { metadata: { uid: string } },
  docker: Docker,
  stateDir: string,
  secretDir?: string,
): Promise<void> {
  for (const dir of secretDir ? [stateDir, secretDir] : [stateDir])
    await fs.rm(podDir(dir, pod.metadata.uid), { recursive: true, force: true }).catch(() => undefined);
  const { Volumes } = await docker.listVolumes({
    filters: { label: [`${LABEL.podUid}=${pod.metadata.uid}`] },
  });
  for (const v of Volumes ?? [])
    await docker
      .getVolume(v.Name)
      .remove()
      .catch(() => undefined);
}

/** Bytes under a folder (files only, links not followed). */
async function usage(dir: string): Promise<number> {
  let total = 0;
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await usage(p);
    else if (e.isFile()) total += (await fs.stat(p).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * The disk-backed emptyDir that holds more than its sizeLimit, as the kubelet's eviction
 * manager words it; undefined when every one fits. (Memory-backed ones are bounded by tmpfs.)
 */
export async function emptyDirOverLimit(pod: Pod, stateDir: string): Promise<string | undefined> {
  const base = path.join(podDir(stateDir, pod.metadata.uid), 'volumes');
  for (const v of pod.spec.volumes ?? []) {
    const limit = v.emptyDir?.sizeLimit;
    if (limit === undefined || v.emptyDir?.medium === 'Memory') continue;
    if ((await usage(path.join(base, v.name))) > parseQuantity(limit)) {
      return `Usage of EmptyDir volume "${v.name}" exceeds the limit "${limit}". `;
    }
  }
  return undefined;
}
