import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ARTIFACT_BODY_LIMIT, ApiError, invalid, notFound, readBody, sendJson } from './http';
import type { ServerContext } from './mlflowModel';

const RUN_ID = /^[0-9a-f]{32}$/;

/**
 * Artifact paths become names clients write to on download, so anything that could climb out of
 * the run's folder or mean something else on another OS is refused outright rather than normalised.
 */
export function checkArtifactPath(p: string): string {
  const problem =
    p === '' ? 'is empty'
    : p.includes('\0') ? 'contains a NUL character'
    : p.includes('\\') ? 'contains a backslash'
    : p.startsWith('/') || /^[A-Za-z]:/.test(p) ? 'is absolute'
    : p.split('/').some((s) => s === '..') ? "contains '..'"
    : p.split('/').some((s) => s === '' || s === '.') ? 'contains an empty or "." segment'
    : undefined;
  if (problem) throw invalid(`Invalid artifact path ${JSON.stringify(p.slice(0, 200))}: it ${problem}.`);
  return p;
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid('Invalid artifact path: bad percent-encoding.');
  }
}

/**
 * `<run_id>/<path>` (Loupe's short form) or MLflow's default proxied layout
 * `<experiment_id>/<run_id>/artifacts/<path>`, which MLflow clients derive from a run's artifact_uri.
 */
export function locateArtifact(rest: string, allowRoot = false): { runId: string; path: string } {
  const decoded = decodePath(rest);
  const segments = decoded.split('/');
  let runId: string;
  let inner: string[];
  if (RUN_ID.test(segments[0])) {
    runId = segments[0];
    inner = segments.slice(1);
  } else if (/^\d+$/.test(segments[0]) && RUN_ID.test(segments[1] ?? '') && segments[2] === 'artifacts') {
    runId = segments[1];
    inner = segments.slice(3);
  } else {
    throw invalid(`Invalid artifact location ${JSON.stringify(decoded.slice(0, 200))}: expected <run_id>/<path>.`);
  }
  const p = inner.join('/');
  if (allowRoot && p === '') return { runId, path: '' };
  return { runId, path: checkArtifactPath(p) };
}

async function upload(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
  const { runId, path: p } = locateArtifact(rest);
  ctx.store.getRun(runId);
  const body = await readBody(req, ARTIFACT_BODY_LIMIT);
  const { hash, size } = ctx.objects.putBuffer(body);
  ctx.store.recordArtifact({ runId, path: p, hash, size, createdAt: Date.now() });
  sendJson(res, 200, {});
}

async function download(ctx: ServerContext, res: ServerResponse, rest: string): Promise<void> {
  const { runId, path: p } = locateArtifact(rest);
  ctx.store.getRun(runId);
  const info = ctx.store.listArtifacts(runId).find((a) => a.path === p);
  if (!info) throw notFound(`The run ${runId} has no artifact '${p}'.`);
  const file = ctx.objects.pathOf(info.hash);
  let stream: fs.ReadStream;
  try {
    // Opened before the headers go out, so a missing object is still a clean 404.
    const handle = await fs.promises.open(file, 'r');
    stream = handle.createReadStream();
  } catch {
    throw notFound(`The stored object of artifact '${p}' is missing.`);
  }
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(info.size),
    'Content-Disposition': `attachment; filename="${path.posix.basename(p).replace(/[^\x20-\x7e]|"/g, '_')}"`,
  });
  await pipeline(stream, res);
}

/** MLflow's artifact listing: the direct children of `path`, as basenames. */
function list(ctx: ServerContext, res: ServerResponse, where: string): void {
  const { runId, path: dir } = locateArtifact(where, true);
  ctx.store.getRun(runId);
  const prefix = dir === '' ? '' : dir + '/';
  const files = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
  for (const a of ctx.store.listArtifacts(runId)) {
    if (!a.path.startsWith(prefix)) continue;
    const [head, ...tail] = a.path.slice(prefix.length).split('/');
    if (tail.length === 0) files.set(head, { path: head, is_dir: false, file_size: a.size });
    else if (!files.has(head)) files.set(head, { path: head, is_dir: true });
  }
  sendJson(res, 200, { files: [...files.values()] });
}

/** Handles `<prefix>/mlflow-artifacts/artifacts[/<rest>]`. */
export async function handleArtifacts(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, rest: string, query: URLSearchParams): Promise<void> {
  if (rest === '') {
    if (req.method !== 'GET') throw new ApiError(405, 'ENDPOINT_NOT_FOUND', `${req.method} is not supported on the artifact listing.`);
    return list(ctx, res, query.get('path') ?? '');
  }
  if (req.method === 'PUT') return upload(ctx, req, res, rest);
  if (req.method === 'GET') return download(ctx, res, rest);
  throw new ApiError(405, 'ENDPOINT_NOT_FOUND', `${req.method} is not supported on artifacts; use PUT to upload and GET to download.`);
}
