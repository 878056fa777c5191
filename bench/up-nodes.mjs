// Node containers: time to start 1 and 3 (node image cached) with startNodes, side by side with
// `docker run -d` of as many plain containers of the same image; and the image build, cold and cached.
// Run: npx tsc -p tsconfig.json && node bench/up-nodes.mjs
// Each figure is the median of a bounded number of rounds; every container, network and image
// made here carries minik8s.test=1 and is removed at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { execa } from 'execa';
import { buildLocalImages } from '../dist/cluster/local-images.js';
import { removeAll, startNodes } from '../dist/cluster/nodes.js';
import { NODE_IMAGE } from '../dist/runtime/image-names.js';

process.env.MINIK8S_TEST = '1';
const docker = new Docker();
const rounds = 3;
const suffix = randomBytes(3).toString('hex');
const stateDir = mkdtempSync(join(tmpdir(), 'minik8s-bench-'));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(work) {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

async function imageBuild() {
  const nodeImage = `minik8s-bench/node:${suffix}`;
  const busyboxImage = `minik8s-bench/busybox:${suffix}`;
  const opts = { nodeImage, busyboxImage, labels: { 'minik8s.test': '1' } };
  const cold = [];
  const cached = [];
  for (let i = 0; i < rounds; i++) {
    cold.push(await timed(() => buildLocalImages(docker, opts)));
    cached.push(await timed(() => buildLocalImages(docker, opts)));
    for (const image of [nodeImage, busyboxImage]) await docker.getImage(image).remove({ force: true });
  }
  return { cold: median(cold), cached: median(cached) };
}

async function nodes(count) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const cluster = `bench-${suffix}-${count}-${i}`;
    const config = {
      cluster,
      stateDir,
      apiPort: 6443,
      token: 'bench',
      caFile: join(stateDir, 'ca.crt'),
      command: ['/bin/sleep', 'infinity'],
      nodes: count,
    };
    try {
      times.push(await timed(() => startNodes(docker, config)));
    } finally {
      await removeAll(docker, cluster);
    }
  }
  return median(times);
}

async function dockerRun(count) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const ids = [];
    try {
      times.push(
        await timed(async () => {
          for (let n = 0; n < count; n++) {
            const { stdout } = await execa('docker', ['run', '-d', '--label', 'minik8s.test=1', NODE_IMAGE]);
            ids.push(stdout.trim());
          }
        }),
      );
    } finally {
      if (ids.length > 0) await execa('docker', ['rm', '-f', ...ids]);
    }
  }
  return median(times);
}

try {
  await buildLocalImages(docker);
  const build = await imageBuild();
  const rows = [
    ['images build, cold (node + busybox, in parallel) (s)', build.cold],
    ['images ensure, cached (s)', build.cached],
  ];
  for (const count of [1, 3]) {
    rows.push([`startNodes ${count} (network + containers) (s)`, await nodes(count)]);
    rows.push([`docker run -d x${count}, sequential (s)`, await dockerRun(count)]);
  }
  for (const [label, value] of rows) console.log(`${label.padEnd(54)} ${value.toFixed(2)}`);
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
