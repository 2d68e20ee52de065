/**
 * Errors the tracker raises carry a stable code and a sentence a user understands.
 * Hosts (CLI, extension, server) show `message` and log `cause` for details.
 */
export type LoupeErrorCode =
  | 'SCHEMA_TOO_NEW'
  | 'DATABASE_UNAVAILABLE'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'QUERY_SYNTAX'
  | 'PATH_OUTSIDE_WORKSPACE'
  | 'CONFLICT';

export class LoupeError extends Error {
  constructor(
    readonly code: LoupeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LoupeError';
  }
}

export function isLoupeError(e: unknown, code?: LoupeErrorCode): e is LoupeError {
  return e instanceof LoupeError && (code === undefined || e.code === code);
}
