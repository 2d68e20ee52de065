import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../errors';

export const TOKEN_FILE_NAME = 'server-token';

/** Printable ASCII without spaces: the token travels in an HTTP header and in shell exports. */
const TOKEN_TEXT = /^[\x21-\x7e]{16,512}$/;

export function checkTokenText(token: string): string {
  if (!TOKEN_TEXT.test(token)) {
    throw new LoupeError('INVALID_ARGUMENT', 'A server token must be 16-512 printable ASCII characters without spaces.');
  }
  return token;
}

function readToken(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return TOKEN_TEXT.test(text) ? text : undefined;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * The workspace's token in `<loupeDir>/server-token`, created (mode 0600, 32 random bytes as hex)
 * when missing. Created exclusively, so two servers starting at once agree on one token; an
 * unreadable or empty file is replaced through a rename so readers never see half a token.
 */
export function loadOrCreateToken(loupeDir: string): string {
  fs.mkdirSync(loupeDir, { recursive: true });
  const file = path.join(loupeDir, TOKEN_FILE_NAME);
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = readToken(file);
    if (existing) {
      // Another user must not read it from a file created by hand with loose permissions.
      if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
      return existing;
    }
    const token = randomBytes(32).toString('hex');
    try {
      if (fs.existsSync(file)) {
        const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
        fs.writeFileSync(tmp, token, { mode: 0o600, flag: 'wx' });
        fs.renameSync(tmp, file);
      } else {
        fs.writeFileSync(file, token, { mode: 0o600, flag: 'wx' });
      }
      return token;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      // Another server created it between our read and write: use theirs.
    }
  }
  throw new LoupeError('DATABASE_UNAVAILABLE', `Cannot create the server token ${file}.`);
}

/** Compares a request's bearer token in constant time: both sides are hashed to equal-length digests first. */
export class TokenCheck {
  private readonly digest: Buffer;

  constructor(token: string) {
    this.digest = createHash('sha256').update(token, 'utf8').digest();
  }

  accepts(authorization: string | undefined): boolean {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    const given = createHash('sha256').update(m ? m[1] : '', 'utf8').digest();
    // Compare even without a match so timing does not reveal whether the header was well formed.
    return timingSafeEqual(given, this.digest) && m !== null;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * DNS rebinding defence: a page on evil.com that rebinds its name to 127.0.0.1 still sends
 * `Host: evil.com`, so only loopback names with our port are served.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  const suffix = `:${port}`;
  return h.endsWith(suffix) && LOOPBACK_HOSTS.has(h.slice(0, -suffix.length));
}

/** Browsers send Origin on cross-site requests; only loopback pages may call (any port: a local UI). */
export function originAllowed(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

/** A token bucket: `burst` requests at once, refilled at `perSecond`. Per server, in memory. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
