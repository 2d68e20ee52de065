import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoupeError, type LoupeErrorCode } from '../errors';
import { parseLenientJson, stringifyLenientJson } from './json';

/** MLflow's error codes (databricks_error_codes) that this server answers with. */
export type MlflowErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'MALFORMED_REQUEST'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'ENDPOINT_NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR';

/** An error that already knows its HTTP status and MLflow code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: MlflowErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const invalid = (message: string): ApiError => new ApiError(400, 'INVALID_PARAMETER_VALUE', message);
export const notFound = (message: string): ApiError => new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);

const FROM_LOUPE: Record<LoupeErrorCode, [number, MlflowErrorCode]> = {
  NOT_FOUND: [404, 'RESOURCE_DOES_NOT_EXIST'],
  ALREADY_EXISTS: [400, 'RESOURCE_ALREADY_EXISTS'],
  INVALID_ARGUMENT: [400, 'INVALID_PARAMETER_VALUE'],
  QUERY_SYNTAX: [400, 'INVALID_PARAMETER_VALUE'],
  // MLflow answers a changed param with INVALID_PARAMETER_VALUE too.
  CONFLICT: [400, 'INVALID_PARAMETER_VALUE'],
  PATH_OUTSIDE_WORKSPACE: [400, 'INVALID_PARAMETER_VALUE'],
  SCHEMA_TOO_NEW: [500, 'INTERNAL_ERROR'],
  DATABASE_UNAVAILABLE: [500, 'INTERNAL_ERROR'],
};

/** Any thrown value as an ApiError; unexpected errors become a 500 without internals in the message. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isLoupeError(e)) {
    const [status, code] = FROM_LOUPE[e.code];
    return new ApiError(status, code, status === 500 ? 'The Loupe store failed; see the server log.' : e.message);
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'Unexpected server error; see the server log.');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = Buffer.from(stringifyLenientJson(body), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(data.length), 'Cache-Control': 'no-store', ...headers });
  res.end(data);
}

export function sendError(res: ServerResponse, e: ApiError, headers: Record<string, string> = {}): void {
  sendJson(res, e.status, { error_code: e.code, message: e.message }, headers);
}

export const JSON_BODY_LIMIT = 1024 * 1024;
export const ARTIFACT_BODY_LIMIT = 16 * 1024 * 1024;

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'INVALID_PARAMETER_VALUE', `The request body is larger than the ${limit / (1024 * 1024)} MiB limit.`);
}

/** Reads the whole body, refusing (413) as soon as it is known to exceed `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks, size));
      done = true;
    });
    req.on('error', (err) => {
      if (!done) reject(err);
      done = true;
    });
    // A client that disconnects mid-body must not leave the request pending forever.
    req.on('close', () => {
      if (!done) reject(new ApiError(400, 'MALFORMED_REQUEST', 'The client closed the connection before the body was complete.'));
      done = true;
    });
  });
}

/** A JSON object body; an empty body is `{}` (MLflow's GET-style calls sometimes POST nothing). */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = parseLenientJson(text);
  } catch (e) {
    throw new ApiError(400, 'MALFORMED_REQUEST', `The request body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'MALFORMED_REQUEST', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
