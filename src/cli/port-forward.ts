/**
 * `minik8s port-forward`, as kubectl's: TYPE/NAME becomes one running pod (a service's,
 * a workload's), the ports become the pod's numbers, and each local connection is forwarded
 * through the API server's pods/portforward.
 */
import net from 'node:net';
import type { Pod, Service } from '../api/kinds/types.generated.js';
import type { Client } from '../client/client.js';
import { forwardConnection } from '../client/port-forward-client.js';
import type { SpdyConnection } from '../client/spdy/connection.js';
import { attachablePod } from './attachable-pod.js';

export interface PortPair {
  local: number;
  remote: number;
}

/** "L:R", "R" (L = R) or ":R" (any free L), as kubectl's splitPort reads them. */
function splitPort(spec: string): [string, string] {
  const parts = spec.split(':');
  if (parts.length === 2) return [parts[0], parts[1]];
  if (parts.length === 1) return [parts[0], parts[0]];
  throw new Error(`invalid port format '${spec}'`);
}

const isNumber = (s: string) => /^\d+$/.test(s);

function localPort(s: string): number {
  if (s === '') return 0;
  if (!isNumber(s) || Number(s) > 65535) throw new Error(`Error parsing local port '${s}': invalid syntax`);
  return Number(s);
}

function containerPortByName(pod: Pod, name: string): number | undefined {
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  return undefined;
}

/** A pod's ports: a named remote port becomes the container port of that name. */
function podPorts(pod: Pod, specs: string[]): PortPair[] {
  return specs.map((spec) => {
    const [l, r] = splitPort(spec);
    const remote = isNumber(r) ? Number(r) : containerPortByName(pod, r);
    if (remote === undefined) throw new Error(`Pod '${pod.metadata.name}' does not have a named port '${r}'`);
    if (remote < 1 || remote > 65535) throw new Error(`Error parsing remote port '${r}': invalid port`);
    return { local: l === r ? remote : localPort(l), remote };
  });
}

/** A service's ports: its port (number or name) becomes the target port on the chosen pod. */
function servicePorts(svc: Service, pod: Pod, specs: string[]): string[] {
  return specs.map((spec) => {
    let [l, r] = splitPort(spec);
    const ports = svc.spec?.ports ?? [];
    const byName = !isNumber(r);
    const port = byName ? ports.find((p) => p.name === r) : ports.find((p) => p.port === Number(r));
    if (!port)
      throw new Error(
        byName
          ? `Service '${svc.metadata.name}' does not have a named port '${r}'`
          : `Service ${svc.metadata.name} does not have a service port ${r}`,
      );
    if (byName && l === r) l = String(port.port);
    const target = port.targetPort ?? port.port;
    const container =
      typeof target === 'number' || isNumber(target)
        ? Number(target) || port.port
        : containerPortByName(pod, target);
    if (container === undefined)
      throw new Error(`Pod '${pod.metadata.name}' does not have a named port '${target}'`);
    return l === String(container) ? l : `${l}:${container}`;
  });
}

/** The pod to forward to and its numeric ports, for TYPE/NAME and the port arguments. */
export async function planPortForward(
  client: Client,
  namespace: string,
  target: string,
  specs: string[],
  waitMs: number,
): Promise<{ pod: Pod; ports: PortPair[] }> {
  if (!specs.length) throw new Error('at least 1 PORT is required for port-forward');
  const { pod, service } = await attachablePod(client, namespace, target, waitMs);
  const ports = service ? servicePorts(service, pod, specs) : specs;
  if (pod.status?.phase !== 'Running')
    throw new Error(
      `unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Unknown'}`,
    );
  return { pod, ports: podPorts(pod, ports) };
}

interface Address {
  host: string;
  /** `all`: failing only matters when every address of its group fails; `any`: each must bind. */
  mode: 'all' | 'any';
}

/** kubectl's --address: `localhost` means 127.0.0.1 and ::1, either one enough. */
export function listenAddresses(values: string[]): Address[] {
  return values.flatMap((v): Address[] => {
    if (v === 'localhost')
      return [
        { host: '127.0.0.1', mode: 'all' },
        { host: '::1', mode: 'all' },
      ];
    if (!net.isIP(v)) throw new Error(`${v} is not a valid IP`);
    return [{ host: v, mode: 'any' }];
  });
}

const show = (host: string, port: number) => (net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`);

function listen(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ noDelay: true });
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export interface ForwardOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Listens on each address and port and forwards every connection, until `stop` resolves
 * (ctrl-c) or the session to the pod is lost (an error).
 */
export async function runPortForward(
  session: SpdyConnection,
  ports: PortPair[],
  addresses: Address[],
  io: ForwardOutput,
  stop: Promise<void>,
): Promise<void> {
  const servers: net.Server[] = [];
  let requestId = 0;
  let bound = false;
  for (const pair of ports) {
    const failures: Record<string, number> = {};
    const successes: Record<string, number> = {};
    const problems: string[] = [];
    for (const a of addresses) {
      try {
        const server = await listen(a.host, pair.local);
        pair.local = (server.address() as net.AddressInfo).port;
        io.out(`Forwarding from ${show(a.host, pair.local)} -> ${pair.remote}`);
        servers.push(server);
        successes[a.mode] = (successes[a.mode] ?? 0) + 1;
        const local = pair.local;
        server.on('connection', (socket) => {
          io.out(`Handling connection for ${local}`);
          forwardConnection(session, socket, pair.remote, requestId++).then(
            (message) => {
              if (message) io.err(`an error occurred forwarding ${local} -> ${pair.remote}: ${message}`);
            },
            (err: Error) => {
              socket.destroy();
              io.err(`error creating stream for ${local} -> ${pair.remote}: ${err.message}`);
            },
          );
        });
      } catch (err) {
        failures[a.mode] = (failures[a.mode] ?? 0) + 1;
        problems.push(
          `unable to create listener: Error listen tcp ${show(a.host, pair.local)}: ${(err as Error).message}`,
        );
      }
    }
    if ((!successes.all && failures.all) || failures.any)
      io.err(
        `Unable to listen on port ${pair.local}: Listeners failed to create with the following errors: [${problems.join(' ')}]`,
      );
    else bound = true;
  }
  try {
    if (!bound)
      throw new Error(
        `unable to listen on any of the requested ports: [${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`,
      );
    const lost = new Promise<never>((_, reject) =>
      session.once('close', () => reject(new Error('lost connection to pod'))),
    );
    await Promise.race([stop, lost]);
  } finally {
    for (const s of servers) s.close();
    session.close();
  }
}
