// The HTTPS API server: authentication, routing to discovery, health and resource handlers,
// metrics and the audit log. Components reach it only through its REST API.
import https from 'node:https';
import { setMaxListeners } from 'node:events';
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { newUnauthorized, StatusError } from '../api/errors.js';
import { FlowControl, isLongRunning, rejectedIds, type Ticket } from './flowcontrol/flow-control.js';
import type { Storage } from '../storage/interface.js';
import type { ApiRegistry } from './api-registry.js';
import type { Authenticator, UserInfo } from './auth/authenticator.js';
import { anonymousUser } from './auth/authenticator.js';
import type { AuthorizationAttributes, Authorizer } from './auth/authorizer.js';
import { forbiddenFor } from './auth/forbidden.js';
import { asksToImpersonate, impersonatedUser } from './auth/impersonation.js';
import type { ServiceAccountTokenIssuer } from './auth/service-account-jwt.js';
import type { AuditLog } from './audit.js';
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, wantsAggregated } from './discovery.js';
import type { BodyDecoder, RequestContext } from './handlers/context.js';
import { handleResource, notFoundPath } from './handlers/resource.js';
import type { KubeletClientConfig } from './kubelet-client/kubelet-client-config.js';
import { KubeletTransport } from './kubelet-client/kubelet-transport.js';
import { isOpenApiPath, serveOpenApi } from './openapi/handler.js';
import type { OpenApiService } from './openapi/service.js';
import { sendBytes, sendError, sendJson } from './http/respond.js';
import { advertisedHost, joinHostPort } from './advertised-address.js';
import { JWKS_CONTENT_TYPE, JWKS_PATH, OIDC_CACHE_CONTROL, OPENID_CONFIGURATION_PATH, jwks, openIdConfiguration } from './oidc-discovery.js';
import { answerUnparsableRequest } from './http/unparsable-request.js';
import type { Metrics } from './metrics.js';
import { parseRequestInfo, type RequestInfo } from './request-info.js';
import { requestLabels } from './request-labels.js';
import { versionInfo } from './version.js';

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface ApiServerOptions {
  readonly tls: { cert: string; key: string; ca: string };
  readonly bindAddress: string;
  readonly port: number;
  readonly registry: ApiRegistry;
  readonly storage: Storage;
  readonly authenticator: Authenticator;
  readonly authorizer: Authorizer;
  readonly decoder: BodyDecoder;
  readonly metrics: Metrics;
  readonly audit?: AuditLog;
  readonly logger: Logger;
  /** Upstream's --max-requests-inflight / --max-mutating-requests-inflight: their sum is the seats priority and fairness shares out. */
  readonly maxRequestsInFlight?: number;
  readonly maxMutatingRequestsInFlight?: number;
  /** Flow control settings beyond the seats (its configuration comes from the stored objects). */
  readonly flowControl?: { readonly queueWaitMs?: number };
  /** How often watches that allow bookmarks get one (upstream: about a minute). */
  readonly bookmarkIntervalMs?: number;
  /** Issues service account tokens (serviceaccounts/{name}/token). */
  readonly tokenIssuer?: ServiceAccountTokenIssuer;
  /** Readiness beyond "listening": e.g. bootstrap objects written. */
  readonly ready: () => boolean;
  /**
   * How to reach kubelets (pods/log, exec, attach, portforward); absent: those answer 503. A
   * function is called on the first such request (a first start issues the client certificate
   * then, not while it starts).
   */
  readonly kubelet?: KubeletClientConfig | (() => Promise<KubeletClientConfig>);
}

/** Upstream accepts request lines and headers up to 1 MiB. */
const MAX_HEADER_BYTES = 1024 * 1024;

const ANONYMOUS_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

export class ApiServer {
  private readonly server: https.Server;
  private readonly abort = new AbortController();
  private readonly sockets = new Set<import('node:net').Socket>();
  /** Priority and fairness; its configuration follows the stored objects once the control plane feeds it. */
  readonly flowControl: FlowControl;
  /** Loaded on the first /openapi request: the documents, their builders and our descriptions stay out of start-up. */
  private openapi: Promise<OpenApiService> | undefined;
  private kubelet: Promise<KubeletTransport> | undefined;
  /** Upgrade requests in flight: their connection, for the handler that relays the kubelet's 101. */
  private readonly upgrades = new WeakMap<IncomingMessage, { socket: Duplex; head: Buffer }>();

  constructor(private readonly opts: ApiServerOptions) {
    this.flowControl = new FlowControl({
      totalSeats: (opts.maxRequestsInFlight ?? 400) + (opts.maxMutatingRequestsInFlight ?? 200),
      queueWaitMs: opts.flowControl?.queueWaitMs,
    });
    // Every open watch listens for the server stopping.
    setMaxListeners(0, this.abort.signal);
    this.server = https.createServer(
      {
        cert: opts.tls.cert,
        key: opts.tls.key,
        ca: [opts.tls.ca],
        requestCert: true,
        rejectUnauthorized: false,
        keepAliveTimeout: 60_000,
        maxHeaderSize: MAX_HEADER_BYTES,
      },
      (req, res) => void this.handle(req, res),
    );
    this.server.headersTimeout = 60_000;
    this.server.requestTimeout = 0;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // Upgrade requests (exec, attach, portforward) go through the same pipeline as any other,
    // with a response object on their socket for errors; a handler that relays an upgrade
    // detaches it and owns the socket.
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const res = new ServerResponse(req);
      res.shouldKeepAlive = false;
      res.assignSocket(socket as import('node:net').Socket);
      res.once('finish', () => socket.end());
      socket.on('error', () => socket.destroy());
      this.upgrades.set(req, { socket, head });
      void this.handle(req, res);
    });
    this.server.on('tlsClientError', () => undefined);
    // Requests Node cannot parse still get a Status answer, then the connection closes.
    this.server.on('clientError', answerUnparsableRequest);
  }

  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.bindAddress, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    this.abort.abort();
    void this.kubelet?.then((k) => k.close(), () => undefined);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://localhost');
    } catch {
      sendError(res, new StatusError(400, 'BadRequest', 'malformed request URL'));
      return;
    }
    const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
    let user: UserInfo | undefined;
    /** The authenticated client when it impersonates user (Impersonate-* headers). */
    let impersonator: UserInfo | undefined;
    let code = 500;
    const outcome: { objectName?: string; annotations?: Record<string, string> } = {};
    let ticket: Ticket | undefined;
    // Time spent waiting for a flow-control seat (also when the wait ends in a 429).
    let admitStarted = 0n;
    let queuedNs = 0n;
    try {
      user = this.authenticate(req, url.pathname);
      if (asksToImpersonate(req.headers)) {
        impersonator = user;
        user = await impersonatedUser(impersonator, req.headersDistinct, this.opts.authorizer);
        if (user === impersonator) impersonator = undefined;
      }
      admitStarted = process.hrtime.bigint();
      ticket = await this.admit(res, info, user);
      queuedNs = process.hrtime.bigint() - admitStarted;
      admitStarted = 0n;
      await this.authorize(user, info, impersonator !== undefined);
      code = await this.route(req, res, url, info, user, outcome);
    } catch (e) {
      if (admitStarted !== 0n) queuedNs = process.hrtime.bigint() - admitStarted;
      if (!(e instanceof StatusError)) this.opts.logger.error({ err: e, path: url.pathname, verb: info.verb }, 'request failed');
      code = sendError(res, e).code;
    } finally {
      ticket?.release();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const resource = info.resourceRequest ? info.resource : '';
      this.opts.metrics.observeRequest({
        labels: requestLabels(info, req.headers['content-type'], url.searchParams),
        code,
        seconds,
        queuedSeconds: Number(queuedNs) / 1e9,
        longRunning: isLongRunning(info),
      });
      this.opts.audit?.record({
        user: (impersonator ?? user)?.username ?? '',
        impersonatedUser: impersonator ? user?.username : undefined,
        verb: info.verb,
        path: url.pathname,
        group: info.group,
        resource,
        subresource: info.subresource,
        namespace: info.namespace,
        name: info.name || (outcome.objectName ?? ''),
        code,
        latencyMs: seconds * 1000,
        annotations: outcome.annotations,
      });
    }
  }

  /** Waits for priority and fairness to seat the request; the response names its FlowSchema and priority level. */
  private async admit(res: ServerResponse, info: RequestInfo, user: UserInfo): Promise<Ticket> {
    // Only a request that has to queue listens for its client going away (most are seated at once).
    let onClose: (() => void) | undefined;
    const clientGone = () => {
      const gone = new AbortController();
      onClose = () => gone.abort();
      res.once('close', onClose);
      return gone.signal;
    };
    try {
      const ticket = await this.flowControl.admit(info, user, clientGone);
      setFlowHeaders(res, ticket);
      return ticket;
    } catch (e) {
      const ids = rejectedIds(e);
      if (ids) setFlowHeaders(res, ids);
      throw e;
    } finally {
      if (onClose) res.off('close', onClose);
    }
  }

  private authenticate(req: IncomingMessage, path: string): UserInfo {
    const user = this.opts.authenticator.authenticate({ socket: req.socket as TLSSocket, headers: req.headers });
    if (user) return user;
    if (ANONYMOUS_PATHS.has(path) || path.startsWith('/readyz/') || path.startsWith('/livez/') || path.startsWith('/healthz/')) {
      return anonymousUser();
    }
    throw newUnauthorized('Unauthorized');
  }

  /** An anonymous client only reaches the paths authenticate lets it reach; a user impersonated is authorized like any other. */
  private async authorize(user: UserInfo, info: RequestInfo, impersonated: boolean): Promise<void> {
    if (!impersonated && user.groups.includes('system:unauthenticated')) return;
    const attrs: AuthorizationAttributes = {
      user,
      verb: info.verb,
      apiGroup: info.group,
      resource: info.resource,
      subresource: info.subresource,
      namespace: info.namespace,
      name: info.name,
      path: info.path,
      resourceRequest: info.resourceRequest,
    };
    const r = await this.opts.authorizer.authorize(attrs);
    if (r.decision !== 'allow') throw forbiddenFor(attrs, r.reason);
  }

  /** Serves the request and returns the status code sent; `outcome` gets what the audit line needs beyond the path (a create's object name). */
  private async route(req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo, user: UserInfo, outcome: { objectName?: string; annotations?: Record<string, string> }): Promise<number> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const reg = this.opts.registry;
    if (!info.resourceRequest) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw notFoundPath();
      if (isOpenApiPath(path)) {
        this.openapi ??= import('./openapi/service.js').then((m) => new m.OpenApiService(reg));
        return serveOpenApi(req, res, path, url.searchParams, await this.openapi);
      }
      switch (path) {
        case '/healthz':
        case '/livez':
          return text(res, 200, 'ok');
        case '/readyz':
          return this.opts.ready() ? text(res, 200, 'ok') : text(res, 503, '[-]bootstrap failed: not ready\nreadyz check failed');
        case '/version':
          return json(res, versionInfo());
        case OPENID_CONFIGURATION_PATH:
        case JWKS_PATH: {
          const issuer = this.opts.tokenIssuer;
          if (!issuer) break;
          const doc = path === JWKS_PATH ? jwks(issuer) : openIdConfiguration(issuer, this.advertisedAddress());
          sendBytes(res, 200, JSON.stringify(doc), path === JWKS_PATH ? JWKS_CONTENT_TYPE : 'application/json', OIDC_CACHE_CONTROL);
          return 200;
        }
        case '/metrics':
          return text(res, 200, (await this.opts.metrics.render()) + this.flowControl.metrics.render(), 'text/plain; version=0.0.4');
        case '/api': {
          const agg = wantsAggregated(req.headers.accept);
          if (agg) return aggregated(res, aggregatedDiscovery(reg, true, agg), agg);
          return json(res, apiVersions(this.advertisedAddress()));
        }
        case '/apis': {
          const agg = wantsAggregated(req.headers.accept);
          if (agg) return aggregated(res, aggregatedDiscovery(reg, false, agg), agg);
          return json(res, apiGroupList(reg));
        }
      }
      if (info.apiPrefix === 'api' && info.version === 'v1' && path === '/api/v1') return json(res, apiResourceList(reg, '', 'v1'));
      if (info.apiPrefix === 'apis') {
        if (info.version && reg.hasGroupVersion(info.group, info.version)) return json(res, apiResourceList(reg, info.group, info.version));
      }
      const parts = path.split('/').filter(Boolean);
      if (parts.length === 2 && parts[0] === 'apis') {
        const g = apiGroup(reg, parts[1]!);
        if (g) return json(res, g);
      }
      throw notFoundPath();
    }
    if (info.apiPrefix === 'api' && info.version !== 'v1') throw notFoundPath();
    if (!reg.hasGroupVersion(info.group, info.version)) throw notFoundPath();
    const ctx: RequestContext = {
      req,
      res,
      info,
      query: url.searchParams,
      user,
      registry: reg,
      decoder: this.opts.decoder,
      authorizer: this.opts.authorizer,
      authenticator: this.opts.authenticator,
      warnings: [],
      bookmarkIntervalMs: this.opts.bookmarkIntervalMs ?? 60_000,
      tokenIssuer: this.opts.tokenIssuer,
      signal: this.abort.signal,
      kubelet: () => this.kubeletTransport(),
      upgrade: this.upgrades.get(req),
    };
    if (info.verb === 'watch') this.opts.metrics.watchStarted(info.resource);
    try {
      await handleResource(ctx);
    } finally {
      outcome.objectName = ctx.objectName;
      outcome.annotations = ctx.auditAnnotations;
      if (info.verb === 'watch') {
        // A watch that started streaming is over when its response closes; one refused before
        // that (bad selector, ...) is answered by the caller's error handler right away.
        if (res.headersSent && !res.writableEnded) await new Promise((r) => res.once('close', r));
        this.opts.metrics.watchEnded(info.resource);
      }
    }
    return ctx.status ?? res.statusCode;
  }

  /**
   * HOST:PORT clients reach this server at, as upstream's advertise address: the bind address, or
   * for a wildcard bind the machine's first non-loopback address (loopback when it has none).
   */
  private advertisedAddress(): string {
    return joinHostPort(advertisedHost(this.opts.bindAddress), this.address.port);
  }

  /** The kubelet client, made on first use; a failure is retried by the next request. */
  private kubeletTransport(): Promise<KubeletTransport> | undefined {
    const config = this.opts.kubelet;
    if (!config) return undefined;
    if (!this.kubelet) {
      const made = (typeof config === 'function' ? config() : Promise.resolve(config)).then((c) => new KubeletTransport(c));
      made.catch(() => {
        if (this.kubelet === made) this.kubelet = undefined;
      });
      this.kubelet = made;
    }
    return this.kubelet;
  }
}

function setFlowHeaders(res: ServerResponse, ids: { readonly flowSchemaUid: string; readonly priorityLevelUid: string }): void {
  if (res.headersSent) return;
  res.setHeader('X-Kubernetes-PF-FlowSchema-UID', ids.flowSchemaUid);
  res.setHeader('X-Kubernetes-PF-PriorityLevel-UID', ids.priorityLevelUid);
}

function text(res: ServerResponse, code: number, body: string, type = 'text/plain; charset=utf-8'): number {
  sendBytes(res, code, body, type);
  return code;
}

function json(res: ServerResponse, obj: unknown): number {
  sendJson(res, 200, obj);
  return 200;
}

function aggregated(res: ServerResponse, doc: unknown, v: 'v2' | 'v2beta1'): number {
  sendBytes(res, 200, JSON.stringify(doc), `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`);
  return 200;
}
