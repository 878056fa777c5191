import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TEST_LABEL = 'minik8s.test=1';

function docker(args: string[], input?: string): string {
  return execFileSync('docker', args, { input, encoding: 'utf8' }).trim();
}

/** A busybox image with every applet, imported from the host's static busybox (no registry needed). */
export function importBusybox(image: string): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-busybox-'));
  try {
    fs.mkdirSync(path.join(root, 'bin'));
    fs.mkdirSync(path.join(root, 'tmp'), { mode: 0o1777 });
    fs.copyFileSync('/bin/busybox', path.join(root, 'bin/busybox'));
    for (const applet of execFileSync('/bin/busybox', ['--list']).toString().trim().split('\n')) {
      if (applet !== 'busybox') fs.symlinkSync('busybox', path.join(root, 'bin', applet));
    }
    execFileSync('sh', [
      '-c',
      `tar -C ${root} -c . | docker import -c 'CMD ["sh"]' -c 'LABEL ${TEST_LABEL}' - ${image}`,
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A bridge network for pods, labelled for test clean-up; its gateway address (the host). */
export function createNetwork(name: string): string {
  docker(['network', 'create', '--label', TEST_LABEL, name]);
  return docker(['network', 'inspect', '-f', '{{(index .IPAM.Config 0).Gateway}}', name]);
}

/** Removes what a test made; gone already is fine. */
export function removeNetwork(name: string): void {
  spawnSync('docker', ['network', 'rm', name], { stdio: 'ignore' });
}

export function removeImage(image: string): void {
  spawnSync('docker', ['image', 'rm', '-f', image], { stdio: 'ignore' });
}

/** A running container with these labels (as the agent labels a pod's), for test clean-up too; its id. */
export function runLabelled(image: string, labels: Record<string, string>): string {
  const flags = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  return docker(['run', '-d', '--label', TEST_LABEL, ...flags, image, 'sleep', '3600']);
}

/** Kills a container from outside, as a crash or the OOM killer would. */
export function killContainer(id: string): void {
  docker(['kill', id]);
}

/** Removes a container from outside, as someone tidying up with `docker rm -f` would. */
export function removeContainerBehindAgent(id: string): void {
  docker(['rm', '-f', id]);
}
