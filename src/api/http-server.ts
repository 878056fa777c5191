import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { bearerAuthenticator } from './auth/authenticate.js';
import { type Authorizer, allowAll, deniedMessage } from './auth/authorizer.js';
import { requestAttributes } from './auth/request-attributes.js';
import type { UserInfo } from './auth/user.js';
import { discovery, VERSION_INFO } from './discovery.js';
import { errors } from './errors.js';
import { collectProcessMetrics, serveMetricsText } from './metrics-endpoint.js';
import { serveOpenApiV2, serveOpenApiV3, serveOpenApiV3Index } from './openapi/handler.js';
import { observeRequest } from './request-metrics.js';
import { serveResource } from './resource-handler.js';
import { notModified, prettyPrint, type Reply, sendError, sendJson } from './responses.js';
import { type Route, route } from './route.js';
import type { ResourceService } from './service.js';
import type { ServiceAccountTokens } from './service-account-tokens.js';
import type { PodIO } from './subresources.js';

export interface ApiServerOptions {
  service: ResourceService;
  token: string;
  tokens: ServiceAccountTokens;
  cert: string;
  key: string;
  hosts: string[];
  port: number;
  pods?: PodIO;
  /** Decides what each user may do; everyone may do everything without one. */
  authorizer?: Authorizer;
  /** The cluster's bridge network (CIDR): pods/proxy and services/proxy reach pods on it, and only there. */
  podNetwork?: string;
}

export interface ApiServer {
  port: number;
  close(): Promise<void>;
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const PUBLIC = new Set(['version', 'health']);

/** The HTTPS front of the API: authentication, authorization, routing, negotiation, Status errors. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const authenticate = bearerAuthenticator(opts.token, opts.tokens);
  const authorizer = opts.authorizer ?? allowAll;
  collectProcessMetrics();
  /** The user a request is from, once the authorizer has let them do it; throws 401 or 403. */
  const admit = async (req: IncomingMessage, r: Route, url: URL): Promise<UserInfo> => {
    const user = authenticate(req.headers.authorization);
    if (!user) throw errors.unauthorized();
    const attrs = requestAttributes(user, req.method ?? 'GET', r, url);
    const decision = await authorizer.authorize(attrs);
    if (!decision.allowed) {
      const target = attrs.resourceRequest
        ? { group: attrs.apiGroup, kind: attrs.resource, name: attrs.name || undefined }
        : {};
      throw errors.forbidden(target, deniedMessage(attrs, decision.reason));
    }
    return user;
  };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const reply: Reply = { res, pretty: prettyPrint(req, url) };
    try {
      const r = route(url.pathname);
      observeRequest(req, res, r, url);
      if (r && PUBLIC.has(r.type)) return await serve(opts, r, url, req, reply);
      const user = await admit(req, r ?? { type: 'root' }, url);
      if (!r) throw errors.pathNotFound();
      await serve(opts, r, url, req, reply, user);
    } catch (err) {
      sendError(reply, err);
    }
  };
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const r = route(url.pathname);
    try {
      await admit(req, r ?? { type: 'root' }, url);
    } catch (err) {
      const code = (err as { code?: number }).code === 403 ? '403 Forbidden' : '401 Unauthorized';
      socket.end(`HTTP/1.1 ${code}\r\n\r\n`);
      return;
    }
    if (r?.type !== 'resource' || !opts.pods) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    opts.pods.upgrade(opts.service, r, url, req, socket, head, opts.podNetwork);
  };
  const servers = opts.hosts.map((host) => ({
    host,
    server: https.createServer({ cert: opts.cert, key: opts.key }, handler),
  }));
  for (const { server } of servers) {
    server.on(
      'upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => void upgrade(req, socket, head),
    );
    server.keepAliveTimeout = 65_000;
  }
  return {
    port: await listen(servers, opts.port),
    close: () =>
      Promise.all(
        servers.map(
          ({ server }) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      ).then(() => undefined),
  };
}

/** Listens on every host, on the port the first one got when asked for any (0). */
async function listen(servers: { host: string; server: https.Server }[], port: number): Promise<number> {
  for (const s of servers) {
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(port, s.host, () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
  }
  return port;
}

function serveDiscovery(req: IncomingMessage, reply: Reply, core: boolean): void {
  const docs = discovery();
  const accept = req.headers.accept;
  if (accept?.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2')) {
    const doc = core ? docs.aggregatedCore : docs.aggregatedGroups;
    if (!notModified(req, reply.res, doc.etag))
      sendJson(reply, 200, doc.body, AGGREGATED, 'json', { ETag: doc.etag, Vary: 'Accept' });
  } else sendJson(reply, 200, core ? docs.apiVersions : docs.apiGroupList);
}

async function serve(
  opts: ApiServerOptions,
  r: Route,
  url: URL,
  req: IncomingMessage,
  reply: Reply,
  user?: UserInfo,
): Promise<void> {
  switch (r.type) {
    case 'root':
      return sendJson(reply, 200, {
        paths: [
          '/api',
          '/api/v1',
          '/apis',
          '/healthz',
          '/livez',
          '/metrics',
          '/openapi/v2',
          '/openapi/v3',
          '/readyz',
          '/version',
        ],
      });
    case 'version':
      return sendJson(reply, 200, VERSION_INFO);
    case 'health':
      reply.res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      reply.res.end('ok');
      return;
    case 'metrics':
      return serveMetricsText(reply.res);
    case 'api':
    case 'apis':
      return serveDiscovery(req, reply, r.type === 'api');
    case 'group': {
      const g = discovery().groups.get(r.group);
      if (!g) throw errors.pathNotFound();
      return sendJson(reply, 200, g);
    }
    case 'resource-list': {
      const list = discovery().resourceLists.get(r.group ? `${r.group}/${r.version}` : r.version);
      if (!list) throw errors.pathNotFound();
      return sendJson(reply, 200, list);
    }
    case 'openapi-index':
      return serveOpenApiV3Index(reply.res);
    case 'openapi':
      return serveOpenApiV3(req, reply.res, r.gv, url);
    case 'openapi-v2':
      return serveOpenApiV2(req, reply.res);
    case 'resource':
      return serveResource(opts, r, url, req, reply, { user });
  }
}
