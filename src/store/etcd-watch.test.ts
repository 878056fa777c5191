import { Etcd3 } from 'etcd3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { codeOf } from '../../test/helpers/store-contract.js';
import { namespaceRange, resourcePrefix } from './etcd-layout.js';
import { EtcdWatch } from './etcd-watch.js';
import { type LocalEtcd, startLocalEtcd } from './local-etcd.js';
import { parseObjectSelector } from './selector.js';

let member: LocalEtcd;
let client: Etcd3;

beforeEach(async () => {
  member = await startLocalEtcd();
  client = new Etcd3({ hosts: member.endpoint });
});

afterEach(async () => {
  client.close();
  await member.stop();
});

it('gives up as Unavailable when etcd does not confirm the watch in time', async () => {
  // The connection is up before the member freezes: the watch request goes out and is never answered.
  await client.put('/warm-up').value('1');
  const resource = resourcePrefix('/frozen', { group: '', resource: 'pods' });
  const timeoutMs = 300;
  const w = new EtcdWatch(
    { client, call: (fn) => fn(client.kv, {}) },
    {
      range: namespaceRange(resource, undefined),
      resource,
      selector: parseObjectSelector({}),
      fromRevision: 0,
      timeoutMs,
    },
    () => {},
    undefined,
    () => {},
  );
  process.kill(member.pid, 'SIGSTOP');
  try {
    const started = Date.now();
    expect(await codeOf(() => w.start())).toBe('Unavailable');
    expect(Date.now() - started).toBeLessThan(3 * timeoutMs);
  } finally {
    w.stop();
    process.kill(member.pid, 'SIGCONT');
  }
});
