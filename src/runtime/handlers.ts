import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Container, LifecycleHandler } from '../api/kinds/index.js';
import type { ContainerRuntime } from './container-runtime.js';
import { execCollect } from './exec.js';

/** The container a probe or lifecycle hook acts on. */
export interface HandlerTarget {
  runtime: ContainerRuntime;
  containerId: string;
  podIP: string;
  container: Container;
}

export interface HandlerResult {
  ok: boolean;
  message: string;
}

function resolvePort(port: number | string, c: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = c.ports?.find((p) => p.name === port);
  if (!named) throw new Error(`unknown port name ${port}`);
  return named.containerPort;
}

/** Runs one probe or lifecycle handler once (exec in the container, HTTP GET or TCP connect to the pod). */
export async function runHandler(
  h: LifecycleHandler,
  t: HandlerTarget,
  timeoutMs: number,
): Promise<HandlerResult> {
  try {
    if (h.exec) {
      const r = await execCollect(t.runtime, t.containerId, h.exec.command ?? [], timeoutMs);
      if (r.timedOut) return { ok: false, message: `command timed out after ${timeoutMs / 1000}s` };
      return { ok: r.exitCode === 0, message: r.output.trim() };
    }
    if (h.httpGet) return await httpGet(h, t, timeoutMs);
    if (h.tcpSocket) {
      const host = h.tcpSocket.host || t.podIP;
      const port = resolvePort(h.tcpSocket.port, t.container);
      return await tcpConnect(host, port, timeoutMs);
    }
    if (h.sleep) {
      await new Promise((r) => setTimeout(r, Math.min(h.sleep!.seconds * 1000, timeoutMs)));
      return { ok: true, message: '' };
    }
    return { ok: true, message: '' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

function httpGet(h: LifecycleHandler, t: HandlerTarget, timeoutMs: number): Promise<HandlerResult> {
  const g = h.httpGet!;
  const scheme = (g.scheme ?? 'HTTP').toLowerCase();
  const host = g.host || t.podIP;
  const port = resolvePort(g.port, t.container);
  const url = `${scheme}://${host}:${port}${g.path ?? '/'}`;
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
  for (const hd of g.httpHeaders ?? []) headers[hd.name] = hd.value;
  const mod = scheme === 'https' ? https : http;
  return new Promise((resolve) => {
    const req = mod.get(url, { headers, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(
        code >= 200 && code < 400
          ? { ok: true, message: '' }
          : { ok: false, message: `HTTP probe failed with statuscode: ${code}` },
      );
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({
        ok: false,
        message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message;
      resolve({ ok: false, message: `Get "${url}": dial tcp ${host}:${port}: ${why}` });
    });
  });
}

function tcpConnect(host: string, port: number, timeoutMs: number): Promise<HandlerResult> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (r: HandlerResult) => {
      sock.destroy();
      resolve(r);
    };
    sock.setTimeout(timeoutMs, () => done({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` }));
    sock.on('connect', () => done({ ok: true, message: '' }));
    sock.on('error', (err: NodeJS.ErrnoException) =>
      done({
        ok: false,
        message: `dial tcp ${host}:${port}: ${err.code === 'ECONNREFUSED' ? 'connect: connection refused' : err.message}`,
      }),
    );
  });
}
