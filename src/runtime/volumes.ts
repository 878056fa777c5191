import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DownwardAPIVolumeFile, KeyToPath, Quantity, ServedPod, Volume } from '../api/kinds/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import { fieldValue, type PodAddresses, resourceValue } from './downward.js';
import { type NodeRoot, nodeHostPath } from './host-path.js';
import { configMapValues, type NodeContext, type PodInputs, secretValues } from './inputs.js';
import { LABEL, testLabels } from './labels.js';
import { parseQuantity } from './quantity.js';
import { unprovidedVolumes } from './volume-plugins.js';

/** Volumes could not be set up: the pod waits in ContainerCreating and a FailedMount event for each message says why. */
export class MountError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

/** Where a pod volume lives: a host folder, or a runtime volume (tmpfs). */
export interface PreparedVolume {
  type: 'bind' | 'volume';
  source: string;
  readOnly: boolean;
}

export interface VolumeContext {
  runtime: ContainerRuntime;
  stateDir: string;
  /** Host folder on a tmpfs (same path in the node) for Secret and projected volumes; else stateDir. */
  secretDir?: string;
  cluster: string;
  node: NodeContext;
  inputs: PodInputs;
  addr: PodAddresses;
  /** The node's own filesystem, where hostPath volumes resolve; absent, paths are the runtime host's (a runtime run on the host itself, as in tests). */
  nodeRoot?: NodeRoot;
}

type Files = Map<string, { data: Buffer; mode: number }>;

/** One volume's content cannot be made (a missing object or key, an unbound claim). */
class SetUpError extends Error {}

export function podDir(stateDir: string, uid: string): string {
  return path.join(stateDir, 'pods', uid);
}

function memoryVolumeName(pod: ServedPod, volume: string): string {
  return `minik8s-${pod.metadata.uid}-${volume}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/**
 * Makes every volume of a pod exist on the host with its current content. Idempotent: called
 * again, it rewrites ConfigMap/Secret/downward files whose content changed, which is how
 * mounted ConfigMaps and Secrets follow updates.
 */
export async function prepareVolumes(
  pod: ServedPod,
  ctx: VolumeContext,
): Promise<Map<string, PreparedVolume>> {
  const unprovided = unprovidedVolumes(pod);
  if (unprovided.length) throw new MountError(unprovided);
  const out = new Map<string, PreparedVolume>();
  // Volume files (Secrets, ConfigMaps, tokens) are the pod's: no other local user may reach them.
  for (const dir of ctx.secretDir ? [ctx.stateDir, ctx.secretDir] : [ctx.stateDir])
    await privateDir(path.join(dir, 'pods'));
  const base = path.join(podDir(ctx.stateDir, pod.metadata.uid), 'volumes');
  // Like the kubelet, Secret (and projected, which may hold Secrets and tokens) volumes are
  // written to memory, never to the disk.
  const memoryBase = ctx.secretDir ? path.join(podDir(ctx.secretDir, pod.metadata.uid), 'volumes') : base;
  for (const v of pod.spec.volumes ?? []) {
    const dir = path.join(v.secret || v.projected ? memoryBase : base, v.name);
    try {
      out.set(v.name, await prepareOne(pod, v, dir, ctx));
    } catch (err) {
      if (!(err instanceof SetUpError)) throw err;
      throw new MountError([`MountVolume.SetUp failed for volume "${v.name}" : ${err.message}`]);
    }
  }
  return out;
}

async function prepareOne(
  pod: ServedPod,
  v: Volume,
  dir: string,
  ctx: VolumeContext,
): Promise<PreparedVolume> {
  if (v.hostPath) {
    if (!ctx.nodeRoot) return { type: 'bind', source: v.hostPath.path, readOnly: false };
    const source = await nodeHostPath(ctx.nodeRoot, v.hostPath).catch((err: Error) => {
      throw new SetUpError(err.message);
    });
    return { type: 'bind', source, readOnly: false };
  }
  if (v.persistentVolumeClaim) {
    const { claimName, readOnly } = v.persistentVolumeClaim;
    return prepareClaim(pod.metadata.namespace, claimName, !!readOnly, ctx);
  }
  // An ephemeral volume's claim is made for the pod, named after it and the volume.
  if (v.ephemeral) return prepareClaim(pod.metadata.namespace, `${pod.metadata.name}-${v.name}`, false, ctx);
  const files = await volumeFiles(pod, v, ctx);
  const fsGroup = pod.spec.securityContext?.fsGroup;
  if (!files) {
    const empty = await prepareEmptyDir(pod, v, dir, ctx);
    if (fsGroup !== undefined && empty.type === 'bind') await ownByGroup(dir, fsGroup, true);
    return empty;
  }
  await syncFiles(dir, files);
  if (fsGroup !== undefined) await ownByGroup(dir, fsGroup, false);
  return { type: 'bind', source: dir, readOnly: true };
}

async function prepareEmptyDir(
  pod: ServedPod,
  v: Volume,
  dir: string,
  ctx: VolumeContext,
): Promise<PreparedVolume> {
  if (v.emptyDir?.medium === 'Memory') {
    const name = memoryVolumeName(pod, v.name);
    const limit = v.emptyDir.sizeLimit;
    await ctx.runtime.createMemoryVolume(name, {
      sizeBytes: limit !== undefined ? parseQuantity(limit) : undefined,
      labels: {
        [LABEL.cluster]: ctx.cluster,
        [LABEL.node]: ctx.node.nodeName,
        [LABEL.podUid]: pod.metadata.uid,
        ...testLabels(),
      },
    });
    return { type: 'volume', source: name, readOnly: false };
  }
  await fs.mkdir(dir, { recursive: true });
  await fs.chmod(dir, 0o777);
  return { type: 'bind', source: dir, readOnly: false };
}

async function prepareClaim(
  namespace: string,
  claimName: string,
  readOnly: boolean,
  ctx: VolumeContext,
): Promise<PreparedVolume> {
  const p = await ctx.inputs.claimPath(namespace, claimName);
  if (!p) throw new SetUpError(`persistentvolumeclaim "${claimName}" is not bound`);
  // Provisioned volumes live in the cluster's volumes folder, shared by the nodes; a path any
  // other PersistentVolume names is on the node, as a hostPath volume's is.
  const provisioned = p.startsWith(path.join(ctx.stateDir, 'volumes') + path.sep);
  if (ctx.nodeRoot && !provisioned) {
    const source = await nodeHostPath(ctx.nodeRoot, { path: p, type: 'DirectoryOrCreate' }).catch(
      (err: Error) => {
        throw new SetUpError(err.message);
      },
    );
    return { type: 'bind', source, readOnly };
  }
  await fs.mkdir(p, { recursive: true }).catch(() => undefined);
  return { type: 'bind', source: p, readOnly };
}

/** The files of a ConfigMap, Secret, downwardAPI or projected volume; undefined for other volumes. */
async function volumeFiles(pod: ServedPod, v: Volume, ctx: VolumeContext): Promise<Files | undefined> {
  const files: Files = new Map();
  const ns = pod.metadata.namespace;
  if (v.configMap) {
    const { name, items, optional, defaultMode } = v.configMap;
    await addConfigMap(files, ns, { name, items, optional }, defaultMode ?? 0o644, ctx);
  } else if (v.secret) {
    const { secretName: name, items, optional, defaultMode } = v.secret;
    await addSecret(files, ns, { name, items, optional }, defaultMode ?? 0o644, ctx);
  } else if (v.downwardAPI) {
    addDownward(files, pod, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? 0o644, ctx);
  } else if (v.projected) {
    const mode = v.projected.defaultMode ?? 0o644;
    for (const src of v.projected.sources ?? []) {
      if (src.configMap) await addConfigMap(files, ns, src.configMap, mode, ctx);
      if (src.secret) await addSecret(files, ns, src.secret, mode, ctx);
      if (src.downwardAPI) addDownward(files, pod, src.downwardAPI.items ?? [], mode, ctx);
      if (src.serviceAccountToken) {
        const token = await ctx.inputs.serviceAccountToken?.(pod, src.serviceAccountToken);
        if (token) files.set(src.serviceAccountToken.path, { data: Buffer.from(token), mode });
      }
    }
  } else return undefined;
  return files;
}

interface KeySource {
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
}

async function addConfigMap(files: Files, ns: string, src: KeySource, mode: number, ctx: VolumeContext) {
  const name = src.name ?? '';
  const cm = await ctx.inputs.configMap(ns, name);
  if (!cm && !src.optional) throw new SetUpError(`configmap "${name}" not found`);
  if (cm) addKeys(files, configMapValues(cm), src.items, mode, `configmap "${name}"`, !!src.optional);
}

async function addSecret(files: Files, ns: string, src: KeySource, mode: number, ctx: VolumeContext) {
  const name = src.name ?? '';
  const s = await ctx.inputs.secret(ns, name);
  if (!s && !src.optional) throw new SetUpError(`secret "${name}" not found`);
  if (s) addKeys(files, secretValues(s), src.items, mode, `secret "${name}"`, !!src.optional);
}

function addKeys(
  files: Files,
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
      throw new SetUpError(`${what} does not have key "${item.key}"`);
    }
    files.set(item.path, { data, mode: item.mode ?? mode });
  }
}

function addDownward(
  files: Files,
  pod: ServedPod,
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

async function privateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
}

/**
 * fsGroup: the volume belongs to the group, as the kubelet sets it; a writable folder keeps
 * giving new files the group (setgid), read-only files become readable by the group.
 */
async function ownByGroup(dir: string, gid: number, writable: boolean): Promise<void> {
  const stat = await fs.stat(dir);
  await fs.chown(dir, stat.uid, gid);
  if (writable) {
    await fs.chmod(dir, stat.mode | 0o2070);
    return;
  }
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(entry.parentPath ?? (entry as { path: string }).path, entry.name);
    const st = await fs.lstat(p);
    if (st.isSymbolicLink()) continue;
    await fs.chown(p, st.uid, gid);
    await fs.chmod(p, (st.mode & 0o7777) | ((st.mode & 0o500) >> 3));
  }
}

/** Writes changed files atomically (temp file + rename) and removes files no longer wanted. */
async function syncFiles(dir: string, files: Files): Promise<void> {
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

/** Removes a pod's volume folders and memory volumes (hostPath and claims are left alone). */
export async function removeVolumes(
  uid: string,
  runtime: ContainerRuntime,
  stateDir: string,
  secretDir?: string,
): Promise<void> {
  for (const dir of secretDir ? [stateDir, secretDir] : [stateDir])
    await fs.rm(podDir(dir, uid), { recursive: true, force: true }).catch(() => undefined);
  await runtime.removeVolumes({ [LABEL.podUid]: uid });
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

/** The pod's emptyDir volumes on disk with a sizeLimit, which the agent measures. */
export function sizedEmptyDirs(pod: ServedPod): { name: string; sizeLimit: Quantity }[] {
  return (pod.spec.volumes ?? []).flatMap(({ name, emptyDir }) =>
    emptyDir?.sizeLimit !== undefined && emptyDir.medium !== 'Memory'
      ? [{ name, sizeLimit: emptyDir.sizeLimit }]
      : [],
  );
}

/**
 * The disk-backed emptyDir that holds more than its sizeLimit, as the kubelet's eviction
 * manager words it; undefined when every one fits. (Memory-backed ones are bounded by tmpfs.)
 */
export async function emptyDirOverLimit(pod: ServedPod, stateDir: string): Promise<string | undefined> {
  const base = path.join(podDir(stateDir, pod.metadata.uid), 'volumes');
  for (const { name, sizeLimit } of sizedEmptyDirs(pod)) {
    if ((await usage(path.join(base, name))) > parseQuantity(sizeLimit)) {
      return `Usage of EmptyDir volume "${name}" exceeds the limit "${sizeLimit}". `;
    }
  }
  return undefined;
}
