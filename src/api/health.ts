/**
 * kube-apiserver's /healthz, /livez and /readyz: named checks, each also at
 * /<endpoint>/<check>; `?verbose` lists them, `?exclude=<check>` leaves one out.
 */
import type { ServerResponse } from 'node:http';
import { errors } from './errors.js';
import { NAMESPACES } from './kinds/index.js';
import type { ResourceService } from './service.js';

type Endpoint = 'healthz' | 'livez' | 'readyz';
type Check = (svc: ResourceService) => Promise<void>;

const ok: Check = async () => {};
/** The store answers a read (kube-apiserver's etcd check). */
const store: Check = async (svc) => {
  await svc.get(NAMESPACES, undefined, 'default');
};

const CHECKS: Record<Endpoint, [string, Check][]> = {
  healthz: [
    ['ping', ok],
    ['log', ok],
    ['etcd', store],
  ],
  livez: [
    ['ping', ok],
    ['log', ok],
    ['etcd', store],
  ],
  readyz: [
    ['ping', ok],
    ['log', ok],
    ['etcd', store],
    ['etcd-readiness', store],
    ['shutdown', ok],
  ],
};

async function passes(check: Check, svc: ResourceService): Promise<boolean> {
  try {
    await check(svc);
    return true;
  } catch {
    return false;
  }
}

export async function serveHealth(
  svc: ResourceService,
  endpoint: Endpoint,
  name: string | undefined,
  url: URL,
  res: ServerResponse,
): Promise<void> {
  const send = (code: number, text: string) => {
    res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(text);
  };
  if (name) {
    const check = CHECKS[endpoint].find(([n]) => n === name);
    if (!check) throw errors.pathNotFound();
    return (await passes(check[1], svc))
      ? send(200, 'ok')
      : send(500, `internal server error: ${name} check failed`);
  }
  const excluded = new Set(url.searchParams.getAll('exclude'));
  const results = await Promise.all(
    CHECKS[endpoint].map(async ([n, check]) => ({
      name: n,
      excluded: excluded.has(n),
      passed: excluded.has(n) || (await passes(check, svc)),
    })),
  );
  const failed = results.some((r) => !r.passed);
  const verbose = url.searchParams.has('verbose');
  if (!failed && !verbose) return send(200, 'ok');
  const lines = results.map((r) =>
    r.excluded
      ? `[+]${r.name} excluded: ok`
      : r.passed
        ? `[+]${r.name} ok`
        : `[-]${r.name} failed: reason withheld`,
  );
  send(failed ? 500 : 200, `${lines.join('\n')}\n${endpoint} check ${failed ? 'failed' : 'passed'}\n`);
}
