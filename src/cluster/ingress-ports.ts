import net from 'node:net';

/** Whether a TCP port can be bound on `address` now (as this user: 80 needs privileges or a low unprivileged port start). */
export function canBind(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: address, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * The Ingress proxy's ports: those asked for, else 80 and 443 when they can be bound on
 * `address`, else 8080 and 8443, as a user without privileges gets them.
 */
export async function chooseIngressPorts(
  address: string,
  asked: { http?: number; https?: number },
): Promise<{ http: number; https: number }> {
  const http = asked.http ?? ((await canBind(address, 80)) ? 80 : 8080);
  const https = asked.https ?? ((await canBind(address, 443)) ? 443 : 8443);
  return { http, https };
}
