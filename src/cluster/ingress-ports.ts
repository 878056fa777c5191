import net from 'node:net';
import { listClusters } from './cluster-info.js';

/** Whether a TCP port can be bound on `address` now (the API port, the Ingress ports; 80 and 443 need privileges on most machines). */
export function canBind(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: address, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * The Ingress proxy's ports: those asked for, else 80 and 443 when they can be bound on
 * `address`, else 8080 and 8443, as a user without privileges gets them. A port another
 * cluster keeps (running or stopped) or that cannot be bound is passed over for the next one
 * up, so clusters side by side each get their own.
 */
export async function chooseIngressPorts(
  address: string,
  asked: { http?: number; https?: number },
): Promise<{ http: number; https: number }> {
  const kept = new Set(listClusters().flatMap((c) => [c.ingressHttpPort, c.ingressHttpsPort]));
  const pick = async (privileged: number, fallback: number, not?: number) => {
    for (const port of [privileged, ...Array.from({ length: 100 }, (_, i) => fallback + i)])
      if (port !== not && !kept.has(port) && (await canBind(address, port))) return port;
    throw new Error(
      `no free port for the Ingress proxy from ${fallback} on ${address}: choose one with --ingress-http-port / --ingress-https-port`,
    );
  };
  const http = asked.http ?? (await pick(80, 8080, asked.https));
  const https = asked.https ?? (await pick(443, 8443, http));
  return { http, https };
}
