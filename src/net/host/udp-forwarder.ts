import dgram from 'node:dgram';
import type { Backend } from './backends.js';
import type { Forwarder } from './tcp-forwarder.js';

/**
 * Listens for UDP datagrams on host:port and forwards each client's to one backend, picked at
 * its first datagram and kept while it keeps talking, as conntrack keeps a UDP flow: replies
 * come back from the listening socket. A flow idle for `idleMs` is forgotten (the kernel's
 * nf_conntrack_udp_timeout is 30 s). With no backend the datagram is dropped.
 */
export function openUdpForwarder(
  address: string,
  port: number,
  pick: (client: string) => Backend | undefined,
  idleMs: number,
): Promise<Forwarder> {
  const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  const flows = new Map<string, { upstream: dgram.Socket; backend: Backend; timer: NodeJS.Timeout }>();
  const forget = (key: string) => {
    const flow = flows.get(key);
    if (!flow) return;
    flows.delete(key);
    clearTimeout(flow.timer);
    flow.upstream.close();
  };
  const touch = (key: string) => {
    const flow = flows.get(key);
    if (!flow) return;
    clearTimeout(flow.timer);
    flow.timer = setTimeout(() => forget(key), idleMs);
    flow.timer.unref();
  };
  socket.on('message', (msg, client) => {
    const key = `${client.address}:${client.port}`;
    let flow = flows.get(key);
    if (!flow) {
      const backend = pick(client.address);
      if (!backend) return;
      const upstream = dgram.createSocket('udp4');
      upstream.on('message', (reply) => {
        socket.send(reply, client.port, client.address);
        touch(key);
      });
      upstream.on('error', () => forget(key));
      flow = { upstream, backend, timer: setTimeout(() => forget(key), idleMs) };
      flows.set(key, flow);
    }
    flow.upstream.send(msg, flow.backend.port, flow.backend.ip);
    touch(key);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve({
        address,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const key of [...flows.keys()]) forget(key);
            socket.close(() => done());
          }),
      });
    });
  });
}
