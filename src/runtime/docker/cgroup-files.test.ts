import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CgroupFiles, cgroupMounts } from './cgroup-files.js';

const NODE = 'a'.repeat(64);
const POD = 'b'.repeat(64);
const dir = mkdtempSync(join(tmpdir(), 'cgroup-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cgroup(path: string, files: Record<string, string>): void {
  mkdirSync(join(dir, path), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, path, name), text);
}

describe('cgroup files', () => {
  it('finds the v1 controllers in a node container, and v2 where they are not mounted', () => {
    const v1 = [
      `117 116 0:57 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755`,
      `118 117 0:29 /docker/${NODE} /sys/fs/cgroup/cpu ro,nosuid - cgroup cgroup rw,cpu`,
      `119 117 0:30 /docker/${NODE} /sys/fs/cgroup/cpuacct ro,nosuid - cgroup cgroup rw,cpuacct`,
      `121 117 0:32 /docker/${NODE} /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory`,
    ].join('\n');
    expect(cgroupMounts(v1)).toEqual({
      version: 1,
      cpu: { root: `/docker/${NODE}`, dir: '/sys/fs/cgroup/cpuacct' },
      memory: { root: `/docker/${NODE}`, dir: '/sys/fs/cgroup/memory' },
    });
    const v2 = '30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw';
    expect(cgroupMounts(v2)).toEqual({ version: 2, unified: { root: '/', dir: '/sys/fs/cgroup' } });
    // The host's own mountinfo: this machine has one or the other.
    expect(cgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8'))).toBeDefined();
    expect(cgroupMounts('22 1 8:1 / / rw - ext4 /dev/sda1 rw')).toBeUndefined();
  });

  it("reads v2's files through a cgroup namespace, which shows the node's cgroup as /", async () => {
    cgroup(POD, {
      'cpu.stat': 'usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n',
      'memory.current': '10485760\n',
      'memory.stat': 'anon 4194304\nfile 6291456\nactive_file 2097152\ninactive_file 4194304\n',
    });
    const files = new CgroupFiles({ version: 2, unified: { root: '/', dir } });
    expect(await files.read(`/docker/${NODE}/${POD}`)).toEqual({
      cpuUsageCoreNanoSeconds: 1.5e9,
      memoryUsageBytes: 10485760,
      memoryWorkingSetBytes: 10485760 - 4194304,
    });
    expect(await files.read(`/docker/${NODE}/${'c'.repeat(64)}`)).toBeUndefined();
    // The node's own cgroup is the namespace's top, where its pods' parent was found.
    cgroup('', {
      'cpu.stat': 'usage_usec 9000000\n',
      'memory.current': '52428800\n',
      'memory.stat': 'inactive_file 0\n',
    });
    expect(await files.read(`/docker/${NODE}`)).toMatchObject({ cpuUsageCoreNanoSeconds: 9e9 });
    expect(await files.read(`/docker/${'d'.repeat(64)}`)).toBeUndefined();
  });

  it("reads v1's files below the mount's root, the working set less total_inactive_file", async () => {
    cgroup(`cpuacct/${POD}`, { 'cpuacct.usage': '2500000000\n' });
    cgroup(`memory/${POD}`, {
      'memory.usage_in_bytes': '8388608\n',
      'memory.stat': 'cache 4096\ninactive_file 1048576\ntotal_cache 4096\ntotal_inactive_file 2097152\n',
    });
    const root = `/docker/${NODE}`;
    const files = new CgroupFiles({
      version: 1,
      cpu: { root, dir: join(dir, 'cpuacct') },
      memory: { root, dir: join(dir, 'memory') },
    });
    expect(await files.read(`/docker/${NODE}/${POD}`)).toEqual({
      cpuUsageCoreNanoSeconds: 2.5e9,
      memoryUsageBytes: 8388608,
      memoryWorkingSetBytes: 8388608 - 2097152,
    });
    // The node's own cgroup is the mount's root.
    cgroup('cpuacct', { 'cpuacct.usage': '7000000000\n' });
    cgroup('memory', { 'memory.usage_in_bytes': '20971520\n', 'memory.stat': 'total_inactive_file 0\n' });
    expect(await files.read(root)).toMatchObject({
      cpuUsageCoreNanoSeconds: 7e9,
      memoryWorkingSetBytes: 20971520,
    });
  });
});
