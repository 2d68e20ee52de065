// Shared by the server.*.test.ts files: a server on a fresh workspace and small HTTP clients for it.
import * as http from 'node:http';
import { after } from 'node:test';
import { parseLenientJson } from '../../tracker/src/server/json';
import { type RunningServer, type ServerOptions, startServer } from '../../tracker/src/server/server';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface TestServer {
  server: RunningServer;
  loupeDir: string;
  /** POST a JSON body (or GET with a query) to /api/2.0/mlflow/<endpoint> with the right token. */
  mlflow(endpoint: string, body?: unknown, options?: { method?: 'GET' | 'POST'; token?: string | null; rawBody?: string }): Promise<Reply>;
  /** A second connection to the same database, as the extension would open. */
  store(): SqliteTrackerStore;
}

const open: RunningServer[] = [];
const stores: SqliteTrackerStore[] = [];
after(async () => {
  stores.forEach((s) => s.close());
  await Promise.all(open.map((s) => s.close()));
});

export async function readReply(res: Response): Promise<Reply> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (parseLenientJson(text) as Record<string, unknown>) : {} };
}

export async function testServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const { loupeDir } = tempWorkspace();
  const server = await startServer({ loupeDir, port: 0, ...options });
  open.push(server);
  return {
    server,
    loupeDir,
    async mlflow(endpoint, body, o = {}) {
      const method = o.method ?? (body === undefined ? 'GET' : 'POST');
      let url = `${server.url}/api/2.0/mlflow/${endpoint}`;
      if (method === 'GET' && body !== undefined) url += '?' + new URLSearchParams(body as Record<string, string>).toString();
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      const token = o.token === undefined ? server.token : o.token;
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      const payload = o.rawBody ?? (method === 'POST' ? JSON.stringify(body ?? {}) : undefined);
      return readReply(await fetch(url, { method, headers, body: payload }));
    },
    store() {
      const s = SqliteTrackerStore.open(loupeDir);
      stores.push(s);
      return s;
    },
  };
}

/** A request with exactly these headers and this target: fetch would normalise `..` and refuse a foreign Host. */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, setHost: !options.headers?.Host }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function jsonOf(body: Buffer): Record<string, unknown> {
  return parseLenientJson(body.toString('utf8')) as Record<string, unknown>;
}
