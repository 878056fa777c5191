import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { createProxyServer } from 'http-proxy-3';
import {
  ENDPOINT_SLICES,
  type EndpointSlice,
  INGRESS_CLASSES,
  INGRESSES,
  type Ingress,
  type IngressClass,
  SECRETS,
  SERVICES,
  type Secret,
  type Service,
} from '../../api/kinds/index.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import type { InformerFactory } from '../../client/informer-factory.js';
import type { KubeClient } from '../../client/kube-client.js';
import { slicesByService } from '../endpoint-slices.js';
import { type Backend, RoundRobin, readyBackends, servicePortOf } from '../host/backends.js';
import { listenError } from '../host/listen-error.js';
import { ContextCache, secretKeyPair, type TlsHost, tlsHostFor, tlsHosts } from './certificates.js';
import { routeByServerName } from './client-hello.js';
import { forwardRequest } from './forward-request.js';
import { servedIngress } from './ingress-class.js';
import { requestHost } from './path-match.js';
import { RouteTable } from './routes.js';
import { spliceable, spliceRequest } from './splice-response.js';

export interface IngressProxyOptions {
  client: KubeClient;
  informers: InformerFactory;
  address: string;
  httpPort: number;
  httpsPort: number;
  /** The address written to each served Ingress's status. */
  ingressIp: string;
  /** The certificate for TLS clients whose server name no Ingress names (PEM). */
  defaultCert: { cert: string; key: string };
  /** How often a port that could not be opened is tried again. */
  retryMs: number;
  /** How long a backend may say nothing before the client gets 504 (nginx's proxy_read_timeout). */
  readTimeoutMs: number;
  log?: (line: string) => void;
}

type Resolved = { backend: Backend } | { status: number; message: string };

// How long a TLS client may take to send its ClientHello (nginx's client_header_timeout, 60 s).
const HELLO_TIMEOUT_MS = 60_000;

/**
 * What a client sends that Node's parser refuses. After a request that closed its connection,
 * more bytes are dropped, as nginx drops them, and the answer under way (spliced byte for byte,
 * which Node does not see) goes on: Node's own handling would write a 400 into it. Otherwise
 * Node's answer (431 for headers too large, 408 for a request too slow, else 400) while nothing
 * has been written yet, and the connection closes.
 */
function clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'HPE_CLOSED_CONNECTION') return;
  if (socket.writable && (socket as net.Socket).bytesWritten === 0) {
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy();
}

/**
 * The Ingress controller of class `minik8s`: an HTTP and an HTTPS reverse proxy on the host
 * routing by the served Ingresses' hosts and paths to ready endpoints of their backend
 * Services, with TLS from their Secrets by SNI, WebSocket upgrades passed through and
 * X-Forwarded-* headers set. Each change to an Ingress, class, Service, slice or Secret
 * rebuilds the routing table and writes the Ingresses' status.
 */
export class IngressProxy {
  private readonly ingresses: Informer<Ingress>;
  private readonly classes: Informer<IngressClass>;
  private readonly services: Informer<Service>;
  private readonly slices: Informer<EndpointSlice>;
  private readonly slicesOf: (namespace: string, service: string) => EndpointSlice[];
  private readonly secrets: Informer<Secret>;
  private readonly events: EventRecorder;
  // Backend connections kept alive between requests, where the backend keeps them.
  private readonly agent = new http.Agent({ keepAlive: true });
  // WebSocket upgrades only: plain requests go through spliceRequest or forwardRequest, which cost less a request.
  private readonly proxy = createProxyServer({ xfwd: true });
  private readonly contexts = new ContextCache();
  private readonly balancers = new Map<string, RoundRobin>();
  /** Each Service port's ready backends, worked out once per change of Services or slices, not per request. */
  private readonly backends = new Map<string, Backend[]>();
  private table = new RouteTable([]);
  private tls: TlsHost[] = [];
  private readonly servers: { server: net.Server; port: number; listening: boolean; failure?: string }[] = [];
  private readonly sockets = new Set<net.Socket>();
  private pending?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: IngressProxyOptions) {
    this.ingresses = opts.informers.for<Ingress>(INGRESSES);
    this.classes = opts.informers.for<IngressClass>(INGRESS_CLASSES);
    this.services = opts.informers.for<Service>(SERVICES);
    this.slices = opts.informers.for<EndpointSlice>(ENDPOINT_SLICES);
    this.slicesOf = slicesByService(this.slices);
    this.secrets = opts.informers.for<Secret>(SECRETS);
    this.events = new EventRecorder(opts.client, { component: 'minik8s-ingress-controller' });
    this.proxy.on(
      'error',
      (_err: Error, _req: http.IncomingMessage, socket: http.ServerResponse | net.Socket) => {
        socket.destroy();
      },
    );
    // Upgraded upstream connections too are cut when the proxy closes.
    this.proxy.on('open', (upstream: net.Socket) => this.track(upstream));
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.serve(req, res);
    const upgrade = (req: http.IncomingMessage, socket: net.Socket, head: Buffer) =>
      this.upgrade(req, socket, head);
    const plain = http.createServer(handler);
    const defaultContext = tls.createSecureContext(opts.defaultCert);
    // A client that names a host gets its certificate from the callback only, the default one
    // too (see client-hello.ts); one that names none, the default certificate.
    const named = https.createServer(
      {
        SNICallback: (name: string, cb: (err: Error | null, ctx?: tls.SecureContext) => void) =>
          cb(null, this.contextFor(name) ?? defaultContext),
      },
      handler,
    );
    const unnamed = https.createServer({ ...opts.defaultCert }, handler);
    for (const server of [plain, named, unnamed])
      server
        .on('connection', (s: net.Socket) => this.track(s))
        .on('clientError', clientError)
        .on('upgrade', upgrade);
    const secure = routeByServerName(named, unnamed, HELLO_TIMEOUT_MS);
    this.servers.push({ server: plain, port: opts.httpPort, listening: false });
    this.servers.push({ server: secure, port: opts.httpsPort, listening: false });
  }

  async start(): Promise<void> {
    const kick = { add: () => this.kick(), update: () => this.kick(), delete: () => this.kick() };
    for (const i of [this.ingresses, this.classes, this.services, this.secrets]) i.addHandler(kick);
    const forget = () => this.backends.clear();
    for (const i of [this.services, this.slices])
      i.addHandler({ add: forget, update: forget, delete: forget });
    await this.listen();
    await this.sync().catch((err) => this.opts.log?.(`ingress: ${(err as Error).message}`));
    // Ports that could not be bound and statuses that could not be written are tried again.
    this.retry = setInterval(() => {
      void this.listen();
      this.kick();
    }, this.opts.retryMs);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.retry);
    clearTimeout(this.pending);
    for (const s of this.sockets) s.destroy();
    await Promise.all(
      this.servers.filter((s) => s.listening).map((s) => new Promise((done) => s.server.close(done))),
    );
    this.proxy.close();
    this.agent.destroy();
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async listen(): Promise<void> {
    for (const entry of this.servers) {
      if (entry.listening || this.closed) continue;
      await new Promise<void>((resolve) => {
        const failed = (err: Error) => {
          const why = listenError(this.opts.address, entry.port, err);
          if (entry.failure !== why)
            this.opts.log?.(`ingress: ${why}; trying again every ${this.opts.retryMs} ms`);
          entry.failure = why;
          resolve();
        };
        entry.server.once('error', failed);
        entry.server.listen({ host: this.opts.address, port: entry.port, exclusive: true }, () => {
          entry.server.off('error', failed);
          entry.listening = true;
          resolve();
        });
      });
    }
  }

  /** Changes come in bursts (a Deployment's pods, their slices): one rebuild per burst. */
  private kick(): void {
    if (this.closed || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.sync().catch((err) => this.opts.log?.(`ingress: ${(err as Error).message}`));
    }, 20);
  }

  private async sync(): Promise<void> {
    const classes = this.classes.list();
    const served = this.ingresses
      .list()
      .filter((ing) => servedIngress(ing, classes))
      .sort(
        (a, b) =>
          (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
          `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
            `${b.metadata.namespace}/${b.metadata.name}`,
          ),
      );
    this.table = new RouteTable(served);
    this.tls = tlsHosts(served);
    for (const ing of served) {
      this.checkReferences(ing);
      await this.writeStatus(ing);
    }
  }

  /** Warnings for what an Ingress names and does not exist: a user sees them in `describe`. */
  private checkReferences(ing: Ingress): void {
    const ns = ing.metadata.namespace!;
    const backends = [
      ing.spec?.defaultBackend,
      ...(ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend)),
    ];
    for (const name of new Set(backends.map((b) => b?.service?.name).filter((n): n is string => !!n)))
      if (!this.services.get(ns, name))
        this.events.record(
          ing,
          'Warning',
          'ServiceNotFound',
          `Error obtaining Service "${ns}/${name}": service "${name}" not found`,
        );
    for (const name of new Set(
      (ing.spec?.tls ?? []).map((t) => t.secretName).filter((n): n is string => !!n),
    )) {
      const why = secretKeyPair(this.secrets.get(ns, name));
      if (typeof why === 'string')
        this.events.record(
          ing,
          'Warning',
          'SecretNotFound',
          `Error getting SSL certificate "${ns}/${name}": secret ${why}`,
        );
    }
  }

  private async writeStatus(ing: Ingress): Promise<void> {
    const want = [{ ip: this.opts.ingressIp }];
    if (JSON.stringify(ing.status?.loadBalancer?.ingress ?? []) === JSON.stringify(want)) return;
    await this.opts.client.patch(
      INGRESSES,
      ing.metadata.namespace,
      ing.metadata.name!,
      { status: { loadBalancer: { ingress: want } } },
      'merge',
      'status',
    );
    this.events.record(ing, 'Normal', 'Sync', 'Scheduled for sync');
  }

  private contextFor(servername: string): tls.SecureContext | undefined {
    const entry = tlsHostFor(this.tls, servername);
    if (!entry) return undefined;
    const secret = this.secrets.get(entry.namespace, entry.secret);
    return secret && this.contexts.get(secret);
  }

  /** Where a request goes, or the status it gets: 404 when no rule matches, 503 when nothing serves it. */
  private resolve(req: http.IncomingMessage): Resolved {
    const path = (req.url ?? '/').split('?')[0] || '/';
    const route = this.table.match(requestHost(req.headers.host), path);
    if (!route) return { status: 404, message: '404 page not found\n' };
    const ref = route.backend.service;
    const svc = ref ? this.services.get(route.namespace, ref.name) : undefined;
    const port = svc && ref ? servicePortOf(svc, ref.port ?? {}) : undefined;
    if (!svc || !port) return { status: 503, message: '503 Service Temporarily Unavailable\n' };
    const key = `${route.namespace}/${svc.metadata.name}/${port.port}`;
    let backends = this.backends.get(key);
    if (!backends) {
      backends = readyBackends(this.slicesOf(route.namespace, svc.metadata.name!), port);
      this.backends.set(key, backends);
    }
    let rr = this.balancers.get(key);
    if (!rr) this.balancers.set(key, (rr = new RoundRobin()));
    const backend = rr.pick(backends);
    return backend ? { backend } : { status: 503, message: '503 Service Temporarily Unavailable\n' };
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const r = this.resolve(req);
    if ('status' in r) {
      res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(r.message);
      return;
    }
    if (spliceable(req)) spliceRequest(req, res, r.backend, this.opts.readTimeoutMs);
    else forwardRequest(req, res, r.backend, this.agent, this.opts.readTimeoutMs);
  }

  private upgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const r = this.resolve(req);
    if ('status' in r) {
      socket.end(
        `HTTP/1.1 ${r.status} ${http.STATUS_CODES[r.status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    this.proxy.ws(req, socket, head, { target: `http://${r.backend.ip}:${r.backend.port}` });
  }
}
