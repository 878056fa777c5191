import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { NODE_IMAGE } from '../runtime/image-names.js';
import { readClusterInfo } from './cluster-info.js';

export const BUSYBOX_IMAGE = 'minik8s/busybox:latest';
/** Where Debian's busybox-static puts busybox. */
const BUSYBOX_BINARY = '/bin/busybox';

/** Label holding the fingerprint of what an image was built from; a change means rebuild. */
export const CONTENT_HASH_LABEL = 'io.minik8s.content-hash';
/** Label naming which local recipe built an image, so we only ever retag our own images. */
export const RECIPE_LABEL = 'io.minik8s.image';

/** Bumped when a recipe changes in a way its inputs do not show. */
const recipeRevision = '1';

const defaultPath = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Where Debian's iptables puts its two backends, and iproute2 its `ip`. */
const XTABLES_MULTI = ['/usr/sbin/xtables-nft-multi', '/usr/sbin/xtables-legacy-multi'];
const NETWORK_TOOLS = [...XTABLES_MULTI, '/usr/sbin/ip', '/usr/sbin/conntrack'];

const busyboxApplets = [
  'sh',
  'httpd',
  'nc',
  'wget',
  'sleep',
  'cat',
  'echo',
  'ls',
  'env',
  'id',
  'hostname',
  'ps',
  'kill',
  'mkdir',
  'touch',
  'true',
  'false',
  'date',
  'tail',
  'head',
  'grep',
  'seq',
  'nslookup',
  'ping',
  // kubectl cp runs tar in the container, both ways.
  'tar',
];

// glibc would try the host's systemd modules for passwd/group; the image only has files and dns.
const nsswitchConf =
  'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n';
const passwd = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const group = 'root:x:0:\nnogroup:x:65534:\n';

type Entry =
  | { kind: 'host'; source: string }
  | { kind: 'file'; content: string; mode?: number }
  | { kind: 'symlink'; target: string }
  | { kind: 'dir'; mode: number };

/** An image made by `docker import` of a tar assembled from host files and generated ones. */
interface Recipe {
  name: string;
  /** Image path (without leading slash) → what goes there. */
  entries: Map<string, Entry>;
  cmd: string[];
  /** Store host files' content through symlinks in the staging folder (no recipe symlinks then). */
  dereference: boolean;
}

export interface BuiltImage {
  image: string;
  id: string;
  built: boolean;
  /** The previous build of this tag, when this call rebuilt it. */
  replaced?: string;
}

export interface BuildOptions {
  onStep?: (message: string) => void;
  /** Tags to build; tests use their own so they never disturb the shared cache. */
  nodeImage?: string;
  busyboxImage?: string;
  /** The static busybox the busybox image is made of. */
  busyboxBinary?: string;
  /** Extra labels on built images (tests add `minik8s.test=1`). */
  labels?: Record<string, string>;
}

/**
 * Builds the local images from the host's own files (no registry is needed), again only when
 * what they are made of changed.
 */
export async function buildLocalImages(docker: Docker, opts: BuildOptions = {}): Promise<BuiltImage[]> {
  const nodeImage = opts.nodeImage ?? NODE_IMAGE;
  const busyboxImage = opts.busyboxImage ?? BUSYBOX_IMAGE;
  const labels = opts.labels ?? {};
  // Both builds end before a failure of either is reported: none goes on, staging files and
  // all, after the caller has been told.
  const settled = await Promise.allSettled([
    nodeRecipe().then((r) => buildIfChanged(docker, r, nodeImage, labels, opts.onStep)),
    busyboxRecipe(opts.busyboxBinary ?? BUSYBOX_BINARY).then((r) =>
      buildIfChanged(docker, r, busyboxImage, labels, opts.onStep),
    ),
  ]);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const [node, busybox] = settled.map((s) => (s as PromiseFulfilledResult<BuiltImage>).value);
  if (busyboxImage === BUSYBOX_IMAGE) await tagPlainBusybox(docker, busybox, opts.onStep);
  // A previous build, now untagged everywhere, goes unless a container still uses it.
  for (const { replaced } of [node, busybox]) {
    if (replaced) {
      await docker
        .getImage(replaced)
        .remove()
        .catch(() => undefined);
    }
  }
  return [node, busybox];
}

async function buildIfChanged(
  docker: Docker,
  recipe: Recipe,
  image: string,
  labels: Record<string, string>,
  onStep?: (message: string) => void,
): Promise<BuiltImage> {
  const hash = fingerprint(recipe, labels);
  const existing = await inspectImage(docker, image);
  if (existing?.Config?.Labels?.[CONTENT_HASH_LABEL] === hash) {
    onStep?.(`Image ${image} is up to date`);
    return { image, id: existing.Id, built: false };
  }
  onStep?.(`Building image ${image} from the host's files`);
  const started = performance.now();
  const id = await importRecipe(docker, recipe, image, {
    ...labels,
    [RECIPE_LABEL]: recipe.name,
    [CONTENT_HASH_LABEL]: hash,
  });
  onStep?.(`Built image ${image} in ${((performance.now() - started) / 1000).toFixed(1)}s`);
  return { image, id, built: true, ...(existing && existing.Id !== id ? { replaced: existing.Id } : {}) };
}

/** `busybox:latest` is what user YAML names; tag ours so only when no busybox image exists. */
async function tagPlainBusybox(
  docker: Docker,
  busybox: BuiltImage,
  onStep?: (message: string) => void,
): Promise<void> {
  const plain = await inspectImage(docker, 'busybox:latest');
  if (plain) {
    const ours = plain.Config?.Labels?.[RECIPE_LABEL] === 'busybox';
    if (!ours || plain.Id === busybox.id) return;
  } else {
    const others = await docker.listImages({ filters: { reference: ['busybox'] } });
    if (others.length > 0) return;
  }
  await docker.getImage(busybox.id).tag({ repo: 'busybox', tag: 'latest' });
  onStep?.('Tagged busybox:latest');
}

async function inspectImage(docker: Docker, image: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(image).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/**
 * What the image is made of, hashed: host files by path, size, inode and mtime (a package
 * upgrade changes these; hashing 100 MB of bytes on every `up` would cost ~0.2 s), generated
 * files by content.
 */
function fingerprint(recipe: Recipe, labels: Record<string, string>): string {
  const h = createHash('sha256');
  h.update(`${recipeRevision}\0${recipe.name}\0${JSON.stringify(recipe.cmd)}\0${JSON.stringify(labels)}\0`);
  for (const [at, entry] of [...recipe.entries].sort(([a], [b]) => a.localeCompare(b))) {
    h.update(`${at}\0${entry.kind}\0`);
    if (entry.kind === 'host') {
      const st = fs.statSync(entry.source);
      h.update(`${entry.source}\0${st.size}\0${st.ino}\0${st.mtimeMs}\0${st.mode}\0`);
    } else {
      h.update(`${JSON.stringify(entry)}\0`);
    }
  }
  return h.digest('hex');
}

async function importRecipe(
  docker: Docker,
  recipe: Recipe,
  image: string,
  labels: Record<string, string>,
): Promise<string> {
  const staging = await fs.promises.mkdtemp(path.join(os.tmpdir(), `minik8s-image-${recipe.name}-`));
  try {
    await fs.promises.chmod(staging, 0o755);
    for (const [at, entry] of recipe.entries) {
      const dest = path.join(staging, at);
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      if (entry.kind === 'host') {
        if (recipe.dereference) await fs.promises.symlink(entry.source, dest);
        else await fs.promises.copyFile(entry.source, dest);
      } else if (entry.kind === 'symlink') await fs.promises.symlink(entry.target, dest);
      else if (entry.kind === 'file')
        await fs.promises.writeFile(dest, entry.content, { mode: entry.mode ?? 0o644 });
      else {
        await fs.promises.mkdir(dest, { recursive: true });
        await fs.promises.chmod(dest, entry.mode);
      }
    }
    const tar = execa(
      'tar',
      [
        '-c',
        '-f',
        '-',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        ...(recipe.dereference ? ['--dereference'] : []),
        '-C',
        staging,
        ...recipe.entries.keys(),
      ],
      { stdout: 'pipe', buffer: false, stderr: 'pipe' },
    );
    const changes = [
      `ENV ${defaultPath}`,
      `CMD ${JSON.stringify(recipe.cmd)}`,
      ...Object.entries(labels).map(([k, v]) => `LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}`),
    ];
    const [repo, tag] = splitTag(image);
    const stream = await docker.importImage(
      tar.stdout as unknown as NodeJS.ReadableStream,
      { repo, tag, changes } as object,
    );
    const events = await new Promise<Array<{ status?: string; error?: string }>>((resolve, reject) =>
      docker.modem.followProgress(
        stream,
        (err: Error | null, res: Array<{ status?: string; error?: string }>) =>
          err ? reject(err) : resolve(res),
      ),
    );
    await tar;
    const failed = events.find((e) => e.error);
    if (failed) throw new Error(`docker import of ${image} failed: ${failed.error}`);
    const id = events.map((e) => e.status).find((s) => s?.startsWith('sha256:'));
    return id ?? (await docker.getImage(image).inspect()).Id;
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

function splitTag(image: string): [string, string] {
  const at = image.lastIndexOf(':');
  if (at > image.lastIndexOf('/')) return [image.slice(0, at), image.slice(at + 1)];
  return [image, 'latest'];
}

/** The shared libraries a dynamic executable loads, the loader included, as ldd reports them. */
async function sharedLibraries(executable: string): Promise<string[]> {
  const { stdout } = await execa('ldd', [executable]);
  const libs: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m?.[1]) libs.push(m[1]);
  }
  return libs;
}

function addHost(entries: Map<string, Entry>, imagePath: string, source = imagePath): void {
  entries.set(imagePath.replace(/^\/+/, ''), { kind: 'host', source: fs.realpathSync(source) });
}

async function nodeRecipe(): Promise<Recipe> {
  const entries = new Map<string, Entry>();
  const nodeBin = fs.realpathSync(process.execPath);
  const sleepBin = fs.realpathSync('/bin/sleep');
  addHost(entries, '/usr/bin/node', nodeBin);
  addHost(entries, '/bin/sleep', sleepBin);
  const libs = new Set([...(await sharedLibraries(nodeBin)), ...(await sharedLibraries(sleepBin))]);
  for (const lib of await addNetworkTools(entries)) libs.add(lib);
  const libc = [...libs].find((l) => path.basename(l).startsWith('libc.so'));
  if (libc) {
    for (const nss of ['libnss_dns.so.2', 'libnss_files.so.2']) {
      const p = path.join(path.dirname(libc), nss);
      if (fs.existsSync(p)) libs.add(p);
    }
  }
  for (const lib of libs) addHost(entries, lib);
  for (const ca of ['/etc/ssl/certs/ca-certificates.crt']) {
    if (fs.existsSync(ca)) addHost(entries, ca);
  }
  addGenerated(entries);
  return { name: 'node', entries, cmd: ['/bin/sleep', 'infinity'], dereference: true };
}

/**
 * `ip`, iptables (both backends, called as `xtables-*-multi iptables-restore`, with their
 * match and target modules) and conntrack: the network container holds the service range,
 * writes the service proxy's rules and clears stale UDP flows with them. Returns the libraries
 * they load.
 */
async function addNetworkTools(entries: Map<string, Entry>): Promise<string[]> {
  const missing = NETWORK_TOOLS.filter((t) => !fs.existsSync(t));
  if (missing.length > 0)
    throw new Error(
      `${missing.join(', ')} missing: install Debian's iproute2 and iptables (scripts/setup.sh does)`,
    );
  const libs: string[] = [];
  for (const tool of NETWORK_TOOLS) {
    addHost(entries, tool);
    libs.push(...(await sharedLibraries(fs.realpathSync(tool))));
  }
  // Debian builds iptables to load its modules from the `xtables` folder beside libxtables.
  const libxtables = libs.find((l) => path.basename(l).startsWith('libxtables.so'));
  if (!libxtables) throw new Error(`${XTABLES_MULTI[0]} does not load libxtables: unknown iptables build`);
  const moduleDir = path.join(path.dirname(fs.realpathSync(libxtables)), 'xtables');
  for (const m of fs.readdirSync(moduleDir).filter((f) => f.endsWith('.so'))) {
    addHost(entries, path.join(moduleDir, m));
    libs.push(...(await sharedLibraries(path.join(moduleDir, m))));
  }
  // iptables-legacy takes its lock in /run.
  entries.set('run', { kind: 'dir', mode: 0o755 });
  return libs;
}

async function busyboxRecipe(binary: string): Promise<Recipe> {
  const busybox = await staticBusybox(binary);
  const entries = new Map<string, Entry>();
  addHost(entries, '/bin/busybox', busybox);
  for (const applet of busyboxApplets) entries.set(`bin/${applet}`, { kind: 'symlink', target: 'busybox' });
  addGenerated(entries);
  return { name: 'busybox', entries, cmd: ['sh'], dereference: false };
}

function addGenerated(entries: Map<string, Entry>): void {
  entries.set('etc/nsswitch.conf', { kind: 'file', content: nsswitchConf });
  entries.set('etc/passwd', { kind: 'file', content: passwd });
  entries.set('etc/group', { kind: 'file', content: group });
  entries.set('tmp', { kind: 'dir', mode: 0o1777 });
  entries.set('root', { kind: 'dir', mode: 0o700 });
}

/** The busybox image holds busybox alone, so it must be the static build (Debian's busybox-static). */
async function staticBusybox(binary: string): Promise<string> {
  const install = "install Debian's busybox-static (scripts/setup.sh does)";
  if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: ${install}`);
  // ldd answers "not a dynamic executable", with a failure, for a static one.
  const ldd = await execa('ldd', [binary], { reject: false });
  if (ldd.exitCode === 0) throw new Error(`${binary} is not a static build: ${install}`);
  return fs.realpathSync(binary);
}

export interface LoadedImage {
  image: string;
  id: string;
}

/**
 * Makes a host image usable by a cluster's pods. Every node drives the host's own Docker
 * engine, so an image on the host already is usable: this checks the cluster and the image
 * exist and reports the image's ID, which pods will show as their imageID.
 */
export async function loadImage(docker: Docker, cluster: string, image: string): Promise<LoadedImage> {
  if (!readClusterInfo(cluster)) {
    throw new Error(`no cluster "${cluster}": create it with \`minik8s up --name ${cluster}\``);
  }
  const info = await inspectImage(docker, image);
  if (!info) {
    throw new Error(`image "${image}" is not present on the host: build it or pull it with docker first`);
  }
  return { image, id: info.Id };
}
