import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../test/helpers/api-server.js';
import { AdmissionChain, type AdmissionRequest, defaultAdmission } from './admission/index.js';
import type { RequestAttributes } from './auth/authorizer.js';
import { CONFIGMAPS, SERVICE_ACCOUNTS } from './kinds/index.js';
import { openapiV2Types } from './openapi/v2-protobuf.js';
import { openapiHash } from './openapi/v3.js';

const run = promisify(execFile);

const get = (t: TestApiServer, path: string, headers: Record<string, string> = {}, token?: string) =>
  t.http('GET', path, { headers, token });

describe('the API server over HTTP', () => {
  let t: TestApiServer;
  const seen: AdmissionRequest[] = [];
  const asked: RequestAttributes[] = [];
  beforeAll(async () => {
    const recorder = { name: 'Recorder', admit: (req: AdmissionRequest) => void seen.push(req) };
    t = await startTestApiServer({
      admission: new AdmissionChain([...defaultAdmission().plugins, recorder]),
      authorizer: {
        authorize: (a) => {
          asked.push(a);
          return a.verb === 'delete' && a.user.name.startsWith('system:serviceaccount:')
            ? { allowed: false }
            : { allowed: true };
        },
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("has kubectl apply of an unknown kind print Kubernetes' mapping error", async () => {
    const file = join(dirname(t.kubeconfig), 'widget.yaml');
    writeFileSync(file, 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n');
    const out = await run('kubectl', ['apply', '-f', file], {
      env: { ...process.env, KUBECONFIG: t.kubeconfig },
    }).catch((err: { stderr: string; code: number }) => err);
    expect('code' in out && out.code).toBe(1);
    expect(out.stderr).toBe(
      `error: resource mapping not found for name: "w1" namespace: "" from "${file}": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n`,
    );
  });

  it('lets kubectl explain fields from the OpenAPI documents', async () => {
    const env = { ...process.env, KUBECONFIG: t.kubeconfig };
    const { stdout } = await run('kubectl', ['explain', 'deployment.spec.strategy.rollingUpdate.maxSurge'], {
      env,
    });
    expect(stdout).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
    expect(stdout).toContain('FIELD: maxSurge <IntOrString>');
  });

  it('indents JSON for pretty=true and for command-line tools, as the API server does', async () => {
    const pretty = await get(t, '/api/v1/namespaces/default?pretty=true');
    expect(pretty.body.toString()).toMatch(/^\{\n {2}"apiVersion": "v1",\n {2}"kind": "Namespace",/);
    expect(
      (await get(t, '/api/v1/namespaces/default', { 'user-agent': 'curl/8.1' })).body.toString(),
    ).toContain('\n');
    expect(
      (await get(t, '/api/v1/namespaces/default?pretty=false', { 'user-agent': 'curl/8.1' })).body.toString(),
    ).not.toContain('\n');
    const error = await get(t, '/api/v1/namespaces/nosuch?pretty=1');
    expect(error.status).toBe(404);
    expect(error.body.toString()).toContain('\n  "reason": "NotFound"');
  });

  it('tags aggregated discovery with an ETag and answers 304 to a client that has it', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
    const first = await get(t, '/apis', { accept });
    expect(first.headers['content-type']).toBe(accept);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await get(t, '/apis', { accept, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('serves an OpenAPI v3 document at its hashed URL, and sends a stale hash on to the current one', async () => {
    const hash = openapiHash('api/v1')!;
    const current = await get(t, `/openapi/v3/api/v1?hash=${hash}`);
    expect(current.status).toBe(200);
    expect(current.headers['cache-control']).toBe('public, immutable');
    expect(current.headers.etag).toBe(`"${hash}"`);
    const stale = await get(t, '/openapi/v3/api/v1?hash=0123');
    expect(stale.status).toBe(301);
    expect(stale.headers.location).toBe(`/openapi/v3/api/v1?hash=${hash}`);
    expect((await get(t, '/openapi/v3/api/v1', { 'if-none-match': `"${hash}"` })).status).toBe(304);
  });

  it('serves OpenAPI v2 as JSON, and gzipped as the protobuf kubectl asks for', async () => {
    const json = await get(t, '/openapi/v2', { accept: 'application/json' });
    expect(json.headers['content-type']).toBe('application/json');
    const doc = JSON.parse(json.body.toString());
    expect(doc.swagger).toBe('2.0');
    const proto = await get(t, '/openapi/v2', {
      accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
      'accept-encoding': 'gzip',
    });
    expect(proto.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(proto.headers.etag).toBe(json.headers.etag);
    const Document = openapiV2Types().lookupType('openapi.v2.Document');
    const decoded = Document.toObject(Document.decode(gunzipSync(proto.body))) as {
      paths: { path: unknown[] };
    };
    expect(decoded.paths.path.length).toBe(Object.keys(doc.paths).length);
    expect((await get(t, '/openapi/v2', { accept: 'text/html' })).status).toBe(406);
  });

  it("puts each request to the authorizer, and answers 403 with Kubernetes' message when it refuses", async () => {
    const sa = await t.client.create(SERVICE_ACCOUNTS, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'robot', namespace: 'default' },
    });
    const token = t.tokens.request(sa, {}).status as { token: string };
    await t.client.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kept', namespace: 'default' },
    });
    const denied = await t.http('DELETE', '/api/v1/namespaces/default/configmaps/kept', {
      token: token.token,
    });
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body.toString())).toMatchObject({
      reason: 'Forbidden',
      message:
        'configmaps "kept" is forbidden: User "system:serviceaccount:default:robot" cannot delete resource "configmaps" in API group "" in the namespace "default"',
      details: { name: 'kept', kind: 'configmaps' },
    });
    await get(t, '/api/v1/namespaces/default/configmaps', {}, token.token);
    expect(asked.at(-1)).toMatchObject({
      verb: 'list',
      resource: 'configmaps',
      namespace: 'default',
      user: {
        name: 'system:serviceaccount:default:robot',
        groups: expect.arrayContaining(['system:serviceaccounts:default']),
      },
    });
  });

  it('hands admission the user who asked', async () => {
    seen.length = 0;
    await t.client.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'by-admin', namespace: 'default' },
    });
    expect(seen.map((r) => [r.operation, r.def.kind, r.user.name])).toEqual([
      ['CREATE', 'ConfigMap', 'kubernetes-admin'],
    ]);
    expect(seen[0].user.groups).toContain('system:masters');
  });
});
