import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoupeError } from '../errors';
import { ObjectStore } from '../objects/objectStore';
import { SqliteTrackerStore } from '../store/sqliteStore';
import { Args } from './args';
import { handleArtifacts } from './artifacts';
import { ApiError, JSON_BODY_LIMIT, parseJsonObject, readBody, sendError, sendJson, toApiError } from './http';
import { handleLoupeApi } from './loupeApi';
import { EXPERIMENT_HANDLERS } from './mlflowExperiments';
import { LOGGING_HANDLERS } from './mlflowLogging';
import { DEFAULT_EXPERIMENT, ExperimentIds, type ServerContext } from './mlflowModel';
import { type Handler, RUN_HANDLERS } from './mlflowRuns';
import { TokenBucket, TokenCheck, checkTokenText, hostAllowed, loadOrCreateToken, originAllowed } from './security';

export const LOOPBACK_HOST = '127.0.0.1';

export interface ServerOptions {
  loupeDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Absent: the workspace token in `<loupeDir>/server-token`, created when missing. */
  token?: string;
  /** Only 127.0.0.1 is accepted; the option exists so a caller asking for more is refused, not ignored. */
  host?: string;
  rateLimit?: { perSecond: number; burst: number };
  /** Where unexpected (500) errors are reported; stderr by default. */
  onError?: (e: unknown) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MLFLOW_HANDLERS: Record<string, Handler> = { ...EXPERIMENT_HANDLERS, ...RUN_HANDLERS, ...LOGGING_HANDLERS };
const API_PREFIXES = ['/api/2.0/', '/ajax-api/2.0/'];
/** Above this declared size a refused body is not drained: the connection is dropped instead. */
const DRAIN_LIMIT = 4 * JSON_BODY_LIMIT;

type Route =
  | { kind: 'mlflow'; endpoint: string }
  | { kind: 'artifacts'; rest: string }
  | { kind: 'loupe'; rest: string }
  | { kind: 'none' };

function route(pathname: string): Route {
  if (pathname.startsWith('/api/loupe/')) return { kind: 'loupe', rest: pathname.slice('/api/loupe/'.length) };
  for (const prefix of API_PREFIXES) {
    if (!pathname.startsWith(prefix)) continue;
    const rest = pathname.slice(prefix.length);
    if (rest.startsWith('mlflow/')) return { kind: 'mlflow', endpoint: rest.slice('mlflow/'.length) };
    if (rest === 'mlflow-artifacts/artifacts') return { kind: 'artifacts', rest: '' };
    if (rest.startsWith('mlflow-artifacts/artifacts/')) return { kind: 'artifacts', rest: rest.slice('mlflow-artifacts/artifacts/'.length) };
  }
  return { kind: 'none' };
}

/**
 * Splits the request target by hand: WHATWG URL parsing would resolve `..` and `%2e%2e` segments
 * before the artifact path check could see (and refuse) them.
 */
function splitTarget(target: string): { pathname: string; query: URLSearchParams } {
  const q = target.indexOf('?');
  return q < 0 ? { pathname: target, query: new URLSearchParams() } : { pathname: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1)) };
}

async function dispatch(ctx: ServerContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { pathname, query } = splitTarget(req.url ?? '/');
  const r = route(pathname);
  const method = req.method ?? 'GET';
  switch (r.kind) {
    case 'artifacts':
      return handleArtifacts(ctx, req, res, r.rest, query);
    case 'loupe':
      return sendJson(res, 200, handleLoupeApi(ctx, method, r.rest, query));
    case 'mlflow': {
      const handler = Object.hasOwn(MLFLOW_HANDLERS, r.endpoint) ? MLFLOW_HANDLERS[r.endpoint] : undefined;
      if (!handler) throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No MLflow endpoint '${r.endpoint}' on this server.`);
      // MLflow clients GET the read calls with a query string and POST the rest as JSON; both work for all.
      if (method !== 'GET' && method !== 'POST') throw new ApiError(405, 'ENDPOINT_NOT_FOUND', `${method} is not supported on ${r.endpoint}; use GET or POST.`);
      const body = parseJsonObject(await readBody(req, JSON_BODY_LIMIT));
      return sendJson(res, 200, handler(ctx, Args.from(query, body)));
    }
    case 'none':
      throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No endpoint ${pathname.slice(0, 200)} on this server.`);
  }
}

function validatePort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LoupeError('INVALID_ARGUMENT', `The port must be an integer from 0 to 65535, not ${port}.`);
  return port;
}

/**
 * Starts the MLflow-compatible tracking server on 127.0.0.1. Every request must carry the bearer
 * token and a loopback Host; the store is opened here and closed by `close()`.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  if (options.host !== undefined && options.host !== LOOPBACK_HOST) {
    throw new LoupeError('INVALID_ARGUMENT', `The Loupe server only listens on ${LOOPBACK_HOST}; it has no authentication strong enough for "${options.host}".`);
  }
  const requestedPort = validatePort(options.port ?? 0);
  const token = options.token !== undefined ? checkTokenText(options.token) : loadOrCreateToken(options.loupeDir);
  const store = SqliteTrackerStore.open(options.loupeDir);
  let ctx: ServerContext;
  try {
    ctx = { store, objects: new ObjectStore(options.loupeDir), ids: new ExperimentIds(store.ensureExperiment(DEFAULT_EXPERIMENT).id) };
  } catch (e) {
    store.close();
    throw e;
  }
  const tokens = new TokenCheck(token);
  const bucket = new TokenBucket(options.rateLimit?.perSecond ?? 2000, options.rateLimit?.burst ?? 2000);
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`loupe serve: ${(e as Error)?.stack ?? String(e)}\n`));
  let port = requestedPort;

  const fail = (res: http.ServerResponse, req: http.IncomingMessage, e: ApiError): void => {
    const declared = Number(req.headers['content-length']);
    const headers: Record<string, string> = e.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : e.status === 429 ? { 'Retry-After': '1' } : {};
    if (!req.complete && Number.isFinite(declared) && declared > DRAIN_LIMIT) headers.Connection = 'close';
    sendError(res, e, headers);
  };

  const server = http.createServer((req, res) => {
    if (!bucket.take()) return fail(res, req, new ApiError(429, 'REQUEST_LIMIT_EXCEEDED', 'Too many requests; retry shortly.'));
    if (!hostAllowed(req.headers.host, port)) return fail(res, req, new ApiError(403, 'PERMISSION_DENIED', 'The Host header must be a loopback address with this server\'s port.'));
    if (!originAllowed(req.headers.origin)) return fail(res, req, new ApiError(403, 'PERMISSION_DENIED', 'Cross-origin requests from non-loopback pages are refused.'));
    if (!tokens.accepts(req.headers.authorization)) {
      return fail(res, req, new ApiError(401, 'UNAUTHENTICATED', 'Missing or wrong bearer token; send "Authorization: Bearer <token>" (MLFLOW_TRACKING_TOKEN).'));
    }
    dispatch(ctx, req, res).catch((e: unknown) => {
      const err = toApiError(e);
      if (err.status >= 500) onError(e);
      if (res.headersSent) res.destroy();
      else fail(res, req, err);
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    store.close();
    throw new LoupeError('INVALID_ARGUMENT', `Cannot listen on ${LOOPBACK_HOST}:${requestedPort}: ${(e as Error).message}`, { cause: e });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    port,
    token,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => store.close())),
  };
}
