import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepOrMovePort, recordNewCluster } from './api-port.js';
import { readClusterInfo } from './cluster-info.js';

let home: string;
const before = process.env.MINIK8S_HOME;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-api-port-'));
  process.env.MINIK8S_HOME = home;
});

afterEach(() => {
  process.env.MINIK8S_HOME = before;
  fs.rmSync(home, { recursive: true, force: true });
});

const cluster = (name: string) => (port: number) => ({ name, port, token: 't', created: '' });

describe("a cluster's API port", () => {
  it('is a different one for each of several clusters created at once', async () => {
    const infos = await Promise.all(Array.from({ length: 12 }, (_, i) => recordNewCluster(cluster(`c${i}`))));
    expect(new Set(infos.map((i) => i.port)).size).toBe(12);
    for (const info of infos) expect(readClusterInfo(info.name)?.port).toBe(info.port);
    expect(fs.existsSync(path.join(home, '.port-lock'))).toBe(false);
  });

  it('is kept when free, and moves to a free one, recorded, when another program took it', async () => {
    const info = await recordNewCluster(cluster('moving'));
    const port = info.port;
    expect(await keepOrMovePort(info)).toBe(false);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      expect(await keepOrMovePort(info)).toBe(true);
      expect(info.port).not.toBe(port);
      expect(readClusterInfo('moving')?.port).toBe(info.port);
    } finally {
      squatter.close();
    }
  });
});
