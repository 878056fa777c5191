import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from './sqlite-store.js';
import type { StoredObject } from './types.js';

const storeModule = fileURLToPath(new URL('./sqlite-store.ts', import.meta.url));
const viteNode = fileURLToPath(new URL('../../node_modules/vite-node/vite-node.mjs', import.meta.url));

// The writer acknowledges a write on stdout only after the store call returned, i.e. committed.
// It also deletes and compacts as it goes, so the newest revisions have no rows left to recover
// the counter from.
const writer = `
import { openStore } from ${JSON.stringify(storeModule)};
const store = openStore(process.argv[2], { autoCompact: false });
const pods = { group: '', resource: 'pods' };
for (let i = 0; i < 100000; i++) {
  const p = await store.create(pods, { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: 'p' + i } });
  process.stdout.write('create p' + i + ' ' + p.metadata.resourceVersion + '\\n');
  if (i % 10 === 9) {
    process.stdout.write('deleting p' + i + ' 0\\n');
    const d = await store.delete(pods, 'default', 'p' + i);
    await store.compact(await store.revision());
    process.stdout.write('delete p' + i + ' ' + d.metadata.resourceVersion + '\\n');
  }
}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'minik8s-durability-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('keeps every acknowledged write after kill -9, and revisions only move forward', async () => {
  const file = join(dir, 'state.db');
  const script = join(dir, 'writer.ts');
  writeFileSync(script, writer);
  const child = spawn(process.execPath, [viteNode, script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const live = new Map<string, number>();
  // A delete that was under way at the kill may or may not have committed.
  const deleting = new Set<string>();
  let lastRevision = 0;
  let acks = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [op, name, rev] = line.split(' ');
    if (op === 'create') live.set(name!, Number(rev));
    if (op === 'deleting') {
      deleting.add(name!);
      continue;
    }
    if (op === 'delete') live.delete(name!);
    lastRevision = Number(rev);
    if (++acks === 2000) child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  expect(acks).toBeGreaterThanOrEqual(2000);

  const store = openStore(file, { autoCompact: false });
  try {
    for (const [name, rev] of live) {
      const got = await store.get({ group: '', resource: 'pods' }, 'default', name);
      if (deleting.has(name) && !got) continue;
      expect(got?.metadata.resourceVersion).toBe(String(rev));
    }
    expect(await store.revision()).toBeGreaterThanOrEqual(lastRevision);
    const next: StoredObject = await store.create(
      { group: '', resource: 'pods' },
      { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name: 'after' } },
    );
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(lastRevision);
  } finally {
    await store.close();
  }
});
