/**
 * hostPath volumes name paths on the node. A minik8s node is a container, so, as in kind, they
 * resolve inside the node's own filesystem, never the host's: the agent reads the node's tree
 * (its own `/`, or a folder standing in for it) and hands the runtime the same place as the
 * runtime's host sees it. Symbolic links are followed by the agent within the node's tree, so a
 * link a pod planted cannot lead the runtime out of it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Where the node's filesystem is: as the agent sees it, and as the container runtime's host sees it. */
export interface NodeRoot {
  local: string;
  runtime: string;
}

const MAX_LINKS = 40;

/** The path within the node's tree that `p` leads to, links followed inside it. */
export async function resolveInNode(localRoot: string, p: string): Promise<string> {
  const pending = path.posix.resolve('/', p).split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (pending.length) {
    const part = pending.shift()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    if (part === '.') continue;
    const here = path.join(localRoot, ...done, part);
    const stat = await fs.lstat(here).catch(() => undefined);
    if (!stat) {
      done.push(part, ...pending.filter((x) => x !== '.' && x !== ''));
      break;
    }
    if (!stat.isSymbolicLink()) {
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) throw new Error(`too many levels of symbolic links in ${p}`);
    const target = await fs.readlink(here);
    if (path.posix.isAbsolute(target)) done.length = 0;
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return path.posix.normalize(`/${done.join('/')}`);
}

type HostPathType =
  | ''
  | 'DirectoryOrCreate'
  | 'Directory'
  | 'FileOrCreate'
  | 'File'
  | 'Socket'
  | 'CharDevice'
  | 'BlockDevice';

/** The bind source for a hostPath volume, checked against its type as the kubelet checks it. */
export async function nodeHostPath(
  root: NodeRoot,
  hostPath: { path: string; type?: string },
): Promise<string> {
  const inNode = await resolveInNode(root.local, hostPath.path);
  const local = path.join(root.local, inNode);
  const type = (hostPath.type ?? '') as HostPathType;
  const stat = await fs.stat(local).catch(() => undefined);
  if (type === 'DirectoryOrCreate' && !stat) await fs.mkdir(local, { recursive: true, mode: 0o755 });
  else if (type === 'FileOrCreate' && !stat) {
    await fs.mkdir(path.dirname(local), { recursive: true });
    await fs.writeFile(local, '', { flag: 'a', mode: 0o644 });
  } else if (type && type !== 'DirectoryOrCreate' && type !== 'FileOrCreate') {
    const ok =
      (type === 'Directory' && stat?.isDirectory()) ||
      (type === 'File' && stat?.isFile()) ||
      (type === 'Socket' && stat?.isSocket()) ||
      (type === 'CharDevice' && stat?.isCharacterDevice()) ||
      (type === 'BlockDevice' && stat?.isBlockDevice());
    if (!ok)
      throw new Error(
        `hostPath type check failed: ${hostPath.path} is not a ${type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
      );
  }
  return path.join(root.runtime, inNode);
}
