import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../test/helpers/api-server.js';
import { PODS, SERVICES } from './kinds/index.js';

async function request(t: TestApiServer, method: string, path: string, body?: string) {
  const res = await t.http(method, path, { body });
  return { status: res.status, body: res.body.toString() };
}

describe('pods/proxy and services/proxy', () => {
  let t: TestApiServer;
  let backend: http.Server;
  let port: number;
  beforeAll(async () => {
    // The "pod" listens on 127.0.0.1, which the test's pod network holds.
    backend = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () =>
        res.end(
          JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization ?? null, body }),
        ),
      );
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    port = (backend.address() as AddressInfo).port;
    t = await startTestApiServer({ podNetwork: '127.0.0.0/8' });
    for (const [name, ip] of [
      ['web', '127.0.0.1'],
      ['outside', '192.0.2.7'],
    ]) {
      await t.client.create(PODS, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'i', ports: [{ name: 'http', containerPort: port }] }] },
      });
      const status = { podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] };
      await t.client.patch(PODS, 'default', name, { status }, 'merge', 'status');
    }
    for (const [name, app] of [
      ['web', 'web'],
      ['empty', 'nobody'],
    ])
      await t.client.create(SERVICES, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: 'default' },
        spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      });
  });
  afterAll(async () => {
    await t?.stop();
    await new Promise((resolve) => backend?.close(resolve));
  });

  it("passes a request on to the pod's port, path and query, without the API server's credentials", async () => {
    const res = await request(
      t,
      'POST',
      `/api/v1/namespaces/default/pods/web:${port}/proxy/hello/there/?x=1`,
      'hi',
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      method: 'POST',
      url: '/hello/there/?x=1',
      auth: null,
      body: 'hi',
    });
    const firstPort = await request(t, 'GET', '/api/v1/namespaces/default/pods/web/proxy');
    expect(JSON.parse(firstPort.body)).toMatchObject({ url: '/' });
  });

  it('reaches a service through one of its ready pods, on the port its target port names', async () => {
    for (const id of ['web:http', 'web:80', 'http:web:http']) {
      const res = await request(t, 'GET', `/api/v1/namespaces/default/services/${id}/proxy/a?b=c`);
      expect(JSON.parse(res.body), id).toMatchObject({ method: 'GET', url: '/a?b=c' });
    }
  });

  it('refuses addresses off the cluster network, and says when a service has no endpoints', async () => {
    const outside = await request(t, 'GET', `/api/v1/namespaces/default/pods/outside:${port}/proxy/`);
    expect(outside.status).toBe(400);
    expect(JSON.parse(outside.body).message).toBe('address not allowed');
    const empty = await request(t, 'GET', '/api/v1/namespaces/default/services/empty:http/proxy/');
    expect(empty.status).toBe(503);
    expect(JSON.parse(empty.body).message).toBe('no endpoints available for service "empty:http"');
    const wrongPort = await request(t, 'GET', '/api/v1/namespaces/default/services/web:81/proxy/');
    expect(JSON.parse(wrongPort.body)).toMatchObject({
      code: 503,
      message: 'no service port 81 found for service "web"',
    });
    expect((await request(t, 'GET', '/api/v1/namespaces/default/pods/a:b:c:d/proxy/')).status).toBe(400);
  });

  it('answers 503 when the pod does not answer', async () => {
    const res = await request(t, 'GET', '/api/v1/namespaces/default/pods/web:1/proxy/');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body).message).toMatch(
      /^error trying to reach service: dial tcp 127\.0\.0\.1:1: connect: connection refused$/,
    );
  });
});
