/**
 * A container's CPU time and memory read from its cgroup's files, as cAdvisor reads them: a file
 * read costs microseconds, where Docker's stats API waits for its next collection (up to a second)
 * and then collects every subscribed container one after the other.
 */
import { readFile } from 'node:fs/promises';

/** A cgroup hierarchy as this process sees it: the cgroup at `root` appears at `dir`. */
interface Hierarchy {
  root: string;
  dir: string;
}

/** Where this process sees cgroups: v1 mounts one hierarchy a controller, v2 one for all. */
export type CgroupMounts =
  | { version: 1; cpu: Hierarchy; memory: Hierarchy }
  | { version: 2; unified: Hierarchy };

/** mountinfo escapes blanks and backslashes in paths as octal. */
const unescapeOctal = (path: string) =>
  path.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/**
 * The cgroup mounts of /proc/self/mountinfo. v1 when its cpuacct and memory controllers are
 * mounted (a hybrid host's cgroup2 mount then holds no controllers), else v2; none when neither.
 */
export function cgroupMounts(mountinfo: string): CgroupMounts | undefined {
  let cpu: Hierarchy | undefined;
  let memory: Hierarchy | undefined;
  let unified: Hierarchy | undefined;
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!after) continue;
    const fields = before.split(' ');
    const [fsType, , superOptions = ''] = after.split(' ');
    const h = { root: unescapeOctal(fields[3] ?? '/'), dir: unescapeOctal(fields[4] ?? '') };
    if (fsType === 'cgroup2') unified ??= h;
    if (fsType !== 'cgroup') continue;
    const controllers = superOptions.split(',');
    if (controllers.includes('cpuacct')) cpu ??= h;
    if (controllers.includes('memory')) memory ??= h;
  }
  if (cpu && memory) return { version: 1, cpu, memory };
  return unified && { version: 2, unified };
}

/**
 * Where `cgroup` appears in a hierarchy, by view: 0 below the mount's root (a v1 container sees
 * its own cgroup as the mount's root), n > 0 its path less n - 1 leading parts (a cgroup
 * namespace, v2's default, shows the namespace's cgroup as "/" whatever its path on the host).
 * Only a cgroup known to be a parent under that view may be the hierarchy's top itself.
 */
function dirOf(h: Hierarchy, cgroup: string, view: number, parent: boolean): string | undefined {
  if (view === 0) {
    const root = h.root.replace(/\/+$/, '');
    if (cgroup === root) return h.dir;
    return cgroup.startsWith(`${root}/`) ? h.dir + cgroup.slice(root.length) : undefined;
  }
  const tail = cgroup
    .split('/')
    .filter(Boolean)
    .slice(view - 1);
  if (tail.length === 0) return parent ? h.dir : undefined;
  return `${h.dir}/${tail.join('/')}`;
}

/** One field of a flat-keyed cgroup file (memory.stat, cpu.stat). */
function statField(text: string, key: string): number | undefined {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface CgroupReading {
  cpuUsageCoreNanoSeconds: number;
  memoryUsageBytes: number;
  /** Usage less inactive_file, as cAdvisor and the kubelet compute the working set. */
  memoryWorkingSetBytes: number;
}

const number = async (path: string) => Number((await readFile(path, 'utf8')).trim());

function reading(cpuNs: number, usage: number, inactiveFile: number | undefined): CgroupReading {
  return {
    cpuUsageCoreNanoSeconds: cpuNs,
    memoryUsageBytes: usage,
    memoryWorkingSetBytes: Math.max(0, usage - (inactiveFile ?? 0)),
  };
}

async function readV1(cpuDir: string, memoryDir: string): Promise<CgroupReading> {
  const [cpu, usage, stat] = await Promise.all([
    number(`${cpuDir}/cpuacct.usage`),
    number(`${memoryDir}/memory.usage_in_bytes`),
    readFile(`${memoryDir}/memory.stat`, 'utf8'),
  ]);
  return reading(cpu, usage, statField(stat, 'total_inactive_file'));
}

async function readV2(dir: string): Promise<CgroupReading> {
  const [cpuStat, usage, stat] = await Promise.all([
    readFile(`${dir}/cpu.stat`, 'utf8'),
    number(`${dir}/memory.current`),
    readFile(`${dir}/memory.stat`, 'utf8'),
  ]);
  return reading((statField(cpuStat, 'usage_usec') ?? 0) * 1000, usage, statField(stat, 'inactive_file'));
}

/** A cgroup that is not there (or not under this view) reads as undefined; other errors fail. */
function ignoreMissing(err: unknown): undefined {
  if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return undefined;
  throw err;
}

/**
 * Reads containers' cgroups given their paths in the host's hierarchy (/docker/<node>/<id>).
 * Which view of a path this process has is learnt once per parent cgroup, so a scrape of a
 * node's containers reads three files each and tries nothing twice.
 */
export class CgroupFiles {
  /** Parent cgroup -> the view (dirOf) that shows its children here. */
  private readonly views = new Map<string, number>();

  constructor(readonly mounts: CgroupMounts) {}

  /**
   * The container's reading; undefined when its cgroup is not visible here. A cgroup whose
   * children were read (a node's, holding its pods') is seen where they are, one level up.
   */
  async read(cgroup: string): Promise<CgroupReading | undefined> {
    const asParent = this.views.get(cgroup);
    if (asParent !== undefined) {
      const r = await this.readView(cgroup, asParent, true)?.catch(ignoreMissing);
      if (r) return r;
    }
    const parent = cgroup.slice(0, cgroup.lastIndexOf('/'));
    const known = this.views.get(parent);
    const depth = cgroup.split('/').filter(Boolean).length;
    const views = known !== undefined ? [known] : Array.from({ length: depth + 1 }, (_, i) => i);
    for (const view of views) {
      const r = await this.readView(cgroup, view, false)?.catch(ignoreMissing);
      if (!r) continue;
      this.views.set(parent, view);
      return r;
    }
    return undefined;
  }

  private readView(cgroup: string, view: number, parent: boolean): Promise<CgroupReading> | undefined {
    const m = this.mounts;
    if (m.version === 2) {
      const dir = dirOf(m.unified, cgroup, view, parent);
      return dir === undefined ? undefined : readV2(dir);
    }
    const cpu = dirOf(m.cpu, cgroup, view, parent);
    const memory = dirOf(m.memory, cgroup, view, parent);
    return cpu === undefined || memory === undefined ? undefined : readV1(cpu, memory);
  }
}

/** The cgroup files of this process's view, when it has cgroups mounted. */
export async function cgroupFiles(): Promise<CgroupFiles | undefined> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const mounts = cgroupMounts(mountinfo);
  return mounts && new CgroupFiles(mounts);
}
