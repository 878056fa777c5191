import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../test/helpers/api-server.js';
import { type RawTarget, rawExchange, rawRequest, rawReset } from '../../test/helpers/raw-https.js';
import { CONFIGMAPS, NAMESPACES, PODS } from './kinds/index.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const cm = (ns: string, name: string, data: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });

describe('the API server under hostile input', () => {
  let t: TestApiServer;
  let target: RawTarget;
  let token: string;
  const req = (method: string, path: string, opts: Parameters<typeof rawRequest>[3] = {}) =>
    rawRequest(target, method, path, { token, ...opts });
  const status = async (method: string, path: string, opts: Parameters<typeof rawRequest>[3] = {}) =>
    (await req(method, path, opts)).status;

  beforeAll(async () => {
    t = await startTestApiServer();
    target = { port: Number(new URL(t.conn.server).port), ca: t.conn.ca };
    token = t.conn.token;
    for (const ns of ['victim', 'bystander'])
      await t.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const ns of ['victim', 'bystander'])
      expect(
        await status('POST', `/api/v1/namespaces/${ns}/configmaps`, {
          body: cm(ns, 'keep'),
          headers: JSON_TYPE,
        }),
      ).toBe(201);
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Every object the test made is still there, and the server still answers. */
  async function nothingLost() {
    for (const ns of ['victim', 'bystander']) {
      expect(await status('GET', `/api/v1/namespaces/${ns}`)).toBe(200);
      expect(await status('GET', `/api/v1/namespaces/${ns}/configmaps/keep`)).toBe(200);
    }
  }

  it('answers a bad upgrade request with no token 403 (anonymous may not), and keeps serving', async () => {
    for (const path of ['/api/%E0', '/api/v1/namespaces/%ZZ/pods/x/exec', '/nowhere'])
      expect(
        await rawExchange(
          target,
          `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
        ),
      ).toBe(403);
    expect(
      await rawExchange(
        target,
        `GET /api/%E0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
      ),
    ).toBe(404);
    // A client that resets the connection while its upgrade is being answered.
    for (let i = 0; i < 20; i++)
      await rawReset(
        target,
        `GET /api/v1/namespaces/victim/pods/x/exec?command=sh HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${i % 2 ? token : 'bad'}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
      );
    await nothingLost();
  });

  it('answers unknown and malformed paths 403 without a token (anonymous may not) and 404 with one', async () => {
    for (const path of ['/api/%E0', '/nowhere', '/apis/x/y/z/w/v', '/api/v1/%']) {
      expect((await rawRequest(target, 'GET', path)).status).toBe(403);
      expect(await status('GET', path)).toBe(404);
    }
  });

  it('never answers a hostile body or parameter with a 5xx', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const nested = (n: number) =>
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":${deep(n)}}`;
    const post = (body: string, type = 'application/json') =>
      status('POST', '/api/v1/namespaces/victim/configmaps', { body, headers: { 'content-type': type } });
    const cases: [string, Promise<number>][] = [
      ['apiVersion a number', post('{"apiVersion":5,"kind":"ConfigMap","metadata":{"name":"a"}}')],
      ['kind a number', post('{"apiVersion":"v1","kind":5,"metadata":{"name":"a"}}')],
      ['metadata a string', post('{"apiVersion":"v1","kind":"ConfigMap","metadata":"x"}')],
      ['an array', post('[1,2]')],
      ['JSON nested 5,000 deep', post(nested(5000))],
      ['YAML nested 5,000 deep', post(`x: ${deep(5000)}`, 'application/yaml')],
      [
        'YAML aliases',
        post(
          'a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
          'application/yaml',
        ),
      ],
      [
        'creationTimestamp garbage',
        post('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ts","creationTimestamp":"garbage"}}'),
      ],
      [
        'a 1,000-requirement selector',
        status(
          'GET',
          `/api/v1/configmaps?labelSelector=${Array.from({ length: 1000 }, (_, i) => `k${i}=v`).join(',')}`,
        ),
      ],
      [
        'a 1,000-requirement field selector',
        status(
          'GET',
          `/api/v1/configmaps?fieldSelector=${Array.from({ length: 1000 }, (_, i) => `metadata.name!=n${i}`).join(',')}`,
        ),
      ],
      ['limit beyond int64', status('GET', '/api/v1/configmaps?limit=9223372036854775808')],
      ['limit 1e400', status('GET', '/api/v1/configmaps?limit=1e400')],
      ['negative limit', status('GET', '/api/v1/configmaps?limit=-5')],
      ['timeoutSeconds huge', status('GET', '/api/v1/configmaps?timeoutSeconds=99999999999999999999')],
      [
        'gracePeriodSeconds huge',
        status('DELETE', '/api/v1/namespaces/victim/configmaps/nope?gracePeriodSeconds=99999999999999999999'),
      ],
      ['a bad continue token', status('GET', '/api/v1/configmaps?limit=1&continue=%%%%')],
      [
        'a bad resourceVersion',
        status('GET', '/api/v1/configmaps?resourceVersion=abc&resourceVersionMatch=NotOlderThan'),
      ],
      ['a 20 KB path', status('GET', `/api/v1/namespaces/victim/configmaps/${'a'.repeat(20_000)}`)],
      ['a 70 KB path', status('GET', `/api/v1/namespaces/victim/configmaps/${'a'.repeat(70_000)}`)],
      // Refused while the client still sends its head: the client may see the close before the 431.
      [
        'a 200 KB path',
        status('GET', `/api/v1/namespaces/victim/configmaps/${'a'.repeat(200_000)}`).catch(() => 431),
      ],
    ];
    const got: Record<string, number> = {};
    for (const [name, p] of cases) got[name] = await p;
    const failures = Object.entries(got).filter(([, code]) => code >= 500);
    expect(failures).toEqual([]);
    await nothingLost();
  });

  it('applies no patch to Object.prototype, and merges data keys named like its members', async () => {
    expect(
      await status('POST', '/api/v1/namespaces/victim/configmaps', {
        body: cm('victim', 'proto', { hasOwnProperty: 'x', constructor: 'y' }),
        headers: JSON_TYPE,
      }),
    ).toBe(201);
    const path = '/api/v1/namespaces/victim/configmaps/proto';
    const patch = (type: string, body: string) =>
      req('PATCH', path, { body, headers: { 'content-type': `application/${type}` } });
    expect((await patch('merge-patch+json', '{"data":{"hasOwnProperty":"z","toString":"t"}}')).status).toBe(
      200,
    );
    expect((await patch('strategic-merge-patch+json', '{"data":{"hasOwnProperty":"w"}}')).status).toBe(200);
    for (const op of [
      '[{"op":"add","path":"/__proto__/x","value":1}]',
      '[{"op":"add","path":"/data/__proto__","value":{"x":"1"}}]',
      '[{"op":"replace","path":"/constructor/prototype/x","value":1}]',
    ]) {
      const answer = await patch('json-patch+json', op);
      expect(answer.status, op).toBeGreaterThanOrEqual(400);
      expect(answer.status, op).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const obj = await t.client.get(CONFIGMAPS, 'victim', 'proto');
    expect(obj.data).toEqual({ hasOwnProperty: 'w', constructor: 'y', toString: 't' });
  });

  it('deletes nothing through dot segments, watch paths or a namespace collection', async () => {
    const answers = {
      dotName: await status('DELETE', '/api/v1/namespaces/victim/configmaps/%2e%2e'),
      dotNamespace: await status('DELETE', '/api/v1/namespaces/%2e%2e/configmaps'),
      literalDots: await status('DELETE', '/api/v1/namespaces/victim/configmaps/..'),
      singleDot: await status('DELETE', '/api/v1/namespaces/victim/configmaps/.'),
      watchPath: await status('DELETE', '/api/v1/watch/namespaces/victim'),
      watchPost: await status('POST', '/api/v1/watch/namespaces/victim/configmaps', {
        body: cm('victim', 'w'),
        headers: JSON_TYPE,
      }),
      namespaces: await status('DELETE', '/api/v1/namespaces'),
    };
    expect(answers).toEqual({
      dotName: 400,
      dotNamespace: 400,
      literalDots: 400,
      singleDot: 400,
      watchPath: 405,
      watchPost: 405,
      namespaces: 405,
    });
    await nothingLost();
  });

  it('refuses objects past the size limits with a 4xx, and keeps serving small ones', async () => {
    const post = (body: string) =>
      req('POST', '/api/v1/namespaces/victim/configmaps', { body, headers: JSON_TYPE });
    const big = await post(cm('victim', 'big', { a: 'x'.repeat(1024 * 1024 + 1) }));
    expect(big.status).toBe(422);
    expect(JSON.parse(big.body).message).toBe(
      'ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes',
    );
    const request = await post(cm('victim', 'huge', { a: 'x'.repeat(3 * 1024 * 1024) }));
    expect(request.status).toBe(413);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'wide' },
      spec: { containers: [{ name: 'c', image: 'busybox', args: ['x'.repeat(1600 * 1024)] }] },
    };
    const stored = await req('POST', '/api/v1/namespaces/victim/pods', {
      body: JSON.stringify(pod),
      headers: JSON_TYPE,
    });
    expect([stored.status, JSON.parse(stored.body).reason]).toEqual([413, 'RequestEntityTooLarge']);
    expect((await post(cm('victim', 'small', { a: 'b' }))).status).toBe(201);
  });

  it('refuses a 2 MB YAML of nested brackets at once, and a deep JSON, with a 400', async () => {
    const yaml = await req('POST', '/api/v1/namespaces/victim/configmaps', {
      body: `data: ${'['.repeat(2 * 1024 * 1024)}`,
      headers: { 'content-type': 'application/yaml' },
    });
    expect([yaml.status, JSON.parse(yaml.body).message]).toEqual([
      400,
      'error decoding YAML: exceeded max depth of 1000',
    ]);
    const json = await req('POST', '/api/v1/namespaces/victim/configmaps', {
      body: `{"data":${'{"a":'.repeat(1001)}1${'}'.repeat(1001)}}`,
      headers: JSON_TYPE,
    });
    expect(json.status).toBe(400);
  });

  it('parses a large YAML body off the event loop, as it would parse it inline', async () => {
    const data = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, `value-${i}`]));
    const lines = Object.entries(data)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n');
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n${lines}\n`;
    expect(body.length).toBeGreaterThan(64 * 1024);
    const created = await req('POST', '/api/v1/namespaces/victim/configmaps', {
      body,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(created.status).toBe(201);
    expect((await t.client.get(CONFIGMAPS, 'victim', 'from-yaml')).data).toEqual(data);
  });

  it('takes no server-set metadata on create, and refuses a timestamp that is not one', async () => {
    const body = (meta: Record<string, unknown>) =>
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'victim', ...meta } });
    const post = (meta: Record<string, unknown>) =>
      req('POST', '/api/v1/namespaces/victim/configmaps', { body: body(meta), headers: JSON_TYPE });
    const created = await post({
      name: 'server-set',
      deletionTimestamp: '2020-01-01T00:00:00Z',
      deletionGracePeriodSeconds: 0,
      resourceVersion: 'abc',
      uid: 'mine',
    });
    expect(created.status).toBe(201);
    const meta = JSON.parse(created.body).metadata;
    expect(meta.deletionTimestamp).toBeUndefined();
    expect(meta.uid).not.toBe('mine');
    expect(meta.resourceVersion).toMatch(/^\d+$/);
    const garbage = await post({ name: 'bad-time', creationTimestamp: 'garbage' });
    expect([garbage.status, JSON.parse(garbage.body).message]).toEqual([
      400,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: parsing time "garbage" as "2006-01-02T15:04:05Z07:00": cannot parse "garbage" as "2006"',
    ]);
  });

  it('keeps the system namespaces, and creates nothing in a terminating one, as NamespaceLifecycle does', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const answer = await req('DELETE', `/api/v1/namespaces/${ns}`);
      expect([answer.status, JSON.parse(answer.body).message]).toEqual([
        403,
        `namespaces "${ns}" is forbidden: this namespace may not be deleted`,
      ]);
    }
    await t.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    expect(await status('DELETE', '/api/v1/namespaces/doomed')).toBe(200);
    const late = await req('POST', '/api/v1/namespaces/doomed/configmaps', {
      body: cm('doomed', 'late'),
      headers: JSON_TYPE,
    });
    expect(late.status).toBe(403);
    expect(JSON.parse(late.body).message).toContain('because it is being terminated');
  });

  it('refuses to move a bound pod to another node', async () => {
    await t.client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bound', namespace: 'victim' },
      spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'busybox' }] },
    });
    const moved = await req('PATCH', '/api/v1/namespaces/victim/pods/bound', {
      body: '{"spec":{"nodeName":"node-b"}}',
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
    });
    expect(moved.status).toBe(422);
    expect((await t.client.get(PODS, 'victim', 'bound')).spec).toMatchObject({ nodeName: 'node-a' });
  });

  it('keeps a watch open when timeoutSeconds is past what a timer holds', async () => {
    const events: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const r = https.get(
        {
          host: '127.0.0.1',
          port: target.port,
          ca: target.ca,
          path: '/api/v1/namespaces/victim/configmaps?watch=1&timeoutSeconds=2147484&resourceVersion=0',
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          res.on('data', (c: Buffer) => {
            events.push(c.toString());
            if (events.join('').includes('"name":"watched"')) {
              res.destroy();
              resolve();
            }
          });
          res.on('end', () => reject(new Error(`the watch ended early after ${JSON.stringify(events)}`)));
        },
      );
      r.on('error', () => undefined);
    });
    expect(
      await status('POST', '/api/v1/namespaces/victim/configmaps', {
        body: cm('victim', 'watched'),
        headers: JSON_TYPE,
      }),
    ).toBe(201);
    await done;
  });

  it('answers a bounded run of random hostile requests without a 5xx, and loses nothing', async () => {
    // A seeded generator: the same run each time, so a failure names its request.
    let seed = 0x9e3779b9;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)];
    const segments = [
      'victim',
      'keep',
      '%2e%2e',
      '.',
      '..',
      '%',
      '%E0',
      '%00',
      'a%2Fb',
      'x'.repeat(300),
      '',
      '__proto__',
      'constructor',
      'watch',
      'status',
      'proxy',
      'log',
      'exec',
      'scale',
      'eviction',
      'binding',
      'finalize',
      'ephemeralcontainers',
    ];
    const resources = ['configmaps', 'pods', 'namespaces', 'secrets', 'services', 'nodes', 'events', 'nope'];
    const query = [
      '',
      '?limit=-1',
      '?limit=abc',
      '?limit=1e99',
      '?continue=eyJ',
      '?watch=true&timeoutSeconds=0',
      '?labelSelector=a%20in%20(',
      '?labelSelector=!',
      '?fieldSelector=spec.x=1',
      '?fieldSelector=metadata.name%3D%3D%3D',
      '?resourceVersion=-1',
      '?resourceVersionMatch=Exact',
      '?dryRun=All',
      '?fieldValidation=Strict',
      '?propagationPolicy=Nope',
      '?gracePeriodSeconds=-99',
      '?pretty=maybe',
      '?timeoutSeconds=-5&watch=1',
    ];
    const values: unknown[] = [
      null,
      true,
      5,
      -1,
      1e308,
      'x',
      '',
      [],
      {},
      [[[]]],
      { __proto__: { a: 1 } },
      { hasOwnProperty: 1 },
      'x'.repeat(10_000),
    ];
    const field = () =>
      pick([
        'apiVersion',
        'kind',
        'metadata',
        'spec',
        'data',
        'status',
        'name',
        'namespace',
        'labels',
        'finalizers',
        'containers',
        'ownerReferences',
        'managedFields',
        '$patch',
        '$setElementOrder/containers',
        '$retainKeys',
        '$deleteFromPrimitiveList/finalizers',
      ]);
    const randomValue = (depth: number): unknown => {
      if (depth > 3 || rand(3) === 0) return pick(values);
      if (rand(2) === 0) return Array.from({ length: rand(3) }, () => randomValue(depth + 1));
      return Object.fromEntries(Array.from({ length: 1 + rand(3) }, () => [field(), randomValue(depth + 1)]));
    };
    const body = () => {
      switch (rand(6)) {
        case 0:
          return {
            text: JSON.stringify({
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: `f${rand(1000)}`, ...(randomValue(1) as object) },
              data: randomValue(1),
            }),
            type: 'application/json',
          };
        case 1:
          return {
            text: JSON.stringify(randomValue(0)),
            type: pick([
              'application/json',
              'application/merge-patch+json',
              'application/strategic-merge-patch+json',
            ]),
          };
        case 2:
          return {
            text: JSON.stringify([
              {
                op: pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus']),
                path: pick([
                  '/data/x',
                  '/metadata/labels/a',
                  '/__proto__/x',
                  '/constructor/prototype/x',
                  '/spec/containers/-',
                  '/data/__proto__',
                  '',
                  '/a/b/c/d',
                ]),
                from: pick(['/data', '/metadata', '/__proto__', undefined]),
                value: randomValue(2),
              },
            ]),
            type: 'application/json-patch+json',
          };
        case 3:
          return {
            text: Buffer.from(Array.from({ length: rand(200) }, () => rand(256))).toString('latin1'),
            type: pick([
              'application/vnd.kubernetes.protobuf',
              'application/yaml',
              'application/json',
              'text/plain',
              '',
            ]),
          };
        case 4:
          return {
            text: pick([
              'a: &a [*a]',
              '!!binary ====',
              '? [a, b]\n: c',
              '--- 1\n--- 2',
              'a: !!js/function "x"',
              '{a: 1, a: 2}',
              '\t- x',
            ]),
            type: 'application/yaml',
          };
        default:
          return { text: '', type: 'application/json' };
      }
    };
    const counts: Record<number, number> = {};
    const failures: string[] = [];
    // Objects the run may change or delete (never `keep`), made again now and then.
    const fuzzed = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'fuzzed', namespace: 'victim' },
      data: { a: 'b' },
    };
    const fuzzedPod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'fuzzed', namespace: 'victim' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    for (let i = 0; i < 400; i++) {
      if (i % 20 === 0) {
        await t.client.create(CONFIGMAPS, fuzzed).catch(() => undefined);
        await t.client.create(PODS, fuzzedPod).catch(() => undefined);
      }
      const ns = pick(segments);
      const path =
        pick([
          '/api/v1/namespaces/victim/configmaps/fuzzed',
          '/api/v1/namespaces/victim/configmaps/fuzzed',
          '/api/v1/namespaces/victim/configmaps',
          `/api/v1/namespaces/victim/pods/fuzzed${pick(['', '', '/status', '/binding', '/eviction', '/ephemeralcontainers'])}`,
          `/api/v1/namespaces/${ns}/${pick(resources)}/${pick(segments)}`,
          `/api/v1/namespaces/${ns}/${pick(resources)}`,
          `/api/v1/${pick(resources)}/${pick(segments)}/${pick(segments)}`,
          `/api/v1/watch/namespaces/${ns}/${pick(resources)}`,
          `/apis/${pick(['apps', 'batch', 'x', '%E0'])}/v1/namespaces/${ns}/${pick(['deployments', 'jobs', 'nope'])}`,
          `/${pick(segments)}/${pick(segments)}`,
        ]) + pick(query);
      const method = pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
      const b = body();
      const answer = await req(method, path, {
        body: method === 'GET' || method === 'HEAD' ? undefined : b.text,
        headers: b.type ? { 'content-type': b.type } : {},
        timeoutMs: 1500,
      }).catch((err: Error) => ({ status: 0, body: err.message }));
      // A watch streams until its timeout: an answer still open is what it should do.
      const watching = method === 'GET' && /\/watch\/|[?&]watch=/.test(path);
      if (answer.status === 0 && watching) continue;
      counts[answer.status] = (counts[answer.status] ?? 0) + 1;
      if (answer.status >= 500 || answer.status === 0)
        failures.push(
          `${method} ${path.slice(0, 200)} ${b.type} ${b.text.slice(0, 200)} -> ${answer.status} ${answer.body.slice(0, 300)}`,
        );
    }
    expect(failures).toEqual([]);
    await nothingLost();
  });
});
