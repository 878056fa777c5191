import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Authenticator, authenticator } from './auth/authenticate.js';
import { type Authorizer, allowAll, deniedMessage } from './auth/authorizer.js';
import { impersonate } from './auth/impersonation.js';
import type { RbacPolicy } from './auth/rbac/policy.js';
import { rbacAuthorizer } from './auth/rbac/rbac-authorizer.js';
import { requestAttributes } from './auth/request-attributes.js';
import type { UserInfo } from './auth/user.js';
import { discovery, VERSION_INFO } from './discovery.js';
import { errors } from './errors.js';
import { serveHealth } from './health.js';
import { collectProcessMetrics, serveMetricsText } from './metrics-endpoint.js';
import { serveOpenApiV2, serveOpenApiV3, serveOpenApiV3Index } from './openapi/handler.js';
import { observeRequest } from './request-metrics.js';
import { answerClientError, MAX_HEADER_BYTES, refuseUpgrade, requestTarget } from './request-target.js';
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
  /** Decides what each user may do; every authenticated user may do everything without one. */
  authorizer?: Authorizer;
  /** The cluster's RBAC roles and bindings: the authorizer, when none is given, and SelfSubjectRulesReview read them. */
  rbac?: RbacPolicy;
  /** The CA (PEM) whose client certificates authenticate their subject (CN user, O groups). */
  clientCa?: string;
  /** The cluster's bridge network (CIDR): pods/proxy and services/proxy reach pods on it, and only there. */
  podNetwork?: string;
  /** Who a request is from; the cluster token, service-account tokens and client certificates without one. */
  authn?: Authenticator;
}

export interface ApiServer {
  port: number;
  close(): Promise<void>;
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const PUBLIC = new Set(['version', 'health']);

/** The HTTPS front of the API: authentication, authorization, routing, negotiation, Status errors. */
export async function startApiServer(given: ApiServerOptions): Promise<ApiServer> {
  const authn =
    given.authn ?? authenticator({ clusterToken: given.token, tokens: given.tokens, service: given.service });
  const opts = {
    ...given,
    authn,
    authorizer: given.authorizer ?? (given.rbac ? rbacAuthorizer(given.rbac) : allowAll),
  };
  const authorizer = opts.authorizer;
  collectProcessMetrics();
  /** The user a request is from, once the authorizer has let them do it; throws 401 or 403. */
  const admit = async (req: IncomingMessage, r: Route, url: URL): Promise<UserInfo> => {
    const authenticated = await authn.authenticate(req);
    if (!authenticated) throw errors.unauthorized();
    const user = await impersonate(authenticated, req.headers, authorizer);
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
    const reply: Reply = { res, pretty: false };
    try {
      const { path, url } = requestTarget(req.url);
      reply.pretty = prettyPrint(req, url);
      const r = route(path);
      observeRequest(req, res, r, url);
      if (r && PUBLIC.has(r.type)) return await serve(opts, r, url, req, reply);
      const user = await admit(req, r ?? { type: 'root' }, url);
      if (!r) throw errors.pathNotFound();
      await serve(opts, r, url, req, reply, user);
    } catch (err) {
      sendError(reply, err);
    }
  };
  // Authentication first, then routing, all inside one catch: nothing a client sends may escape it.
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own error listener from an upgraded socket: a client's reset must not be
    // an uncaught 'error' that ends the process.
    socket.on('error', () => socket.destroy());
    try {
      const { path, url } = requestTarget(req.url);
      const r = route(path);
      try {
        await admit(req, r ?? { type: 'root' }, url);
      } catch (err) {
        const code = (err as { code?: number }).code === 403 ? '403 Forbidden' : '401 Unauthorized';
        return void socket.end(`HTTP/1.1 ${code}\r\n\r\n`);
      }
      if (r?.type !== 'resource' || !opts.pods) return void socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      opts.pods.upgrade(opts.service, r, url, req, socket, head, opts.podNetwork);
    } catch (err) {
      refuseUpgrade(socket, err);
    }
  };
  const servers = opts.hosts.map((host) => ({
    host,
    server: https.createServer(
      {
        cert: opts.cert,
        key: opts.key,
        maxHeaderSize: MAX_HEADER_BYTES,
        ...(opts.clientCa ? { ca: opts.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
      },
      handler,
    ),
  }));
  for (const { server } of servers) {
    server.on('clientError', answerClientError);
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
      return serveHealth(opts.service, r.endpoint, r.check, url, reply.res);
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
