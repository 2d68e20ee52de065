import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { LoupeError } from '../errors';
import type { ObjectStore } from '../objects/objectStore';
import type { StatCache } from './statCache';
import type { HashHooks } from './types';

/**
 * SHA-256, chosen by measurement (bench/hashing.bench.ts) among what runs here without installing:
 * OpenSSL's SHA-256 uses the CPU's SHA extensions and beat sha512-256, blake2s256 and blake2b512
 * by 1.8–2.3×; it is also what ObjectStore names objects by, so a file's hash is its object id.
 */
export const HASH_ALGORITHM = 'sha256';

/** 1 MiB reads: large enough to amortise the syscall, small enough to stay in L2 while hashing. */
const CHUNK = 1 << 20;
/** Give the event loop a turn this often, so hashing a huge file never freezes a host process. */
const YIELD_EVERY = 64 * CHUNK;
/**
 * A file modified less than this before it was hashed is not cached: within one timestamp tick a
 * second write can leave size and mtime unchanged (git's "racy" entries). 2 s covers FAT's granularity.
 */
export const RACY_MARGIN_MS = 2_000;
/** Files up to this size are read whole: one read instead of a hashing pass plus a copying pass. */
const SMALL_FILE = 4n << 20n;

export interface FileDigest {
  hash: string;
  size: number;
}

/**
 * Streams `file` through SHA-256. Synchronous reads into one reused buffer measured faster than
 * node's async reads (each async read crosses to the thread pool); the periodic yield keeps it polite.
 */
export async function hashFile(file: string): Promise<FileDigest> {
  const hasher = createHash(HASH_ALGORITHM);
  const buf = Buffer.allocUnsafe(CHUNK);
  const fd = fs.openSync(file, 'r');
  let size = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      hasher.update(n === CHUNK ? buf : buf.subarray(0, n));
      size += n;
      if (size % YIELD_EVERY === 0) await yieldToLoop();
    }
  } finally {
    fs.closeSync(fd);
  }
  return { hash: hasher.digest('hex'), size };
}

/** Same inode, size, mtime and ctime: nothing wrote to the file in between. */
export function sameFileState(a: fs.BigIntStats, b: fs.BigIntStats): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

export interface IngestedFile extends FileDigest {
  mode: number;
  /** True when the stat cache supplied the hash. */
  cached: boolean;
}

/**
 * Hashes one file and makes sure its content is in the object store. The stat cache skips the read
 * when inode, size and mtime are unchanged and the object still exists. A file whose stat differs
 * before and after the read (or whose stored copy hashes differently) was being written: refused,
 * since the version would record bytes that never existed together.
 */
export async function ingestFile(
  abs: string,
  rel: string,
  objects: ObjectStore,
  cache: StatCache | undefined,
  hooks: HashHooks = {},
): Promise<IngestedFile> {
  const before = fs.statSync(abs, { bigint: true });
  const mode = before.mode & 0o111n ? 0o755 : 0o644;
  const hit = cache?.lookup(rel, before);
  if (hit && objects.has(hit)) return { hash: hit, size: Number(before.size), mode, cached: true };
  await hooks.afterStat?.(abs);
  let digest: FileDigest;
  if (before.size <= SMALL_FILE) {
    // One read serves both the hash and the stored copy; streaming costs more than it saves here.
    const data = fs.readFileSync(abs);
    digest = { hash: createHash(HASH_ALGORITHM).update(data).digest('hex'), size: data.length };
    if (!objects.has(digest.hash)) objects.putBuffer(data);
  } else {
    digest = await hashFile(abs);
    if (!objects.has(digest.hash)) {
      const stored = await objects.putFile(abs);
      if (stored.hash !== digest.hash) throw changedWhileReading(rel);
    }
  }
  const after = fs.statSync(abs, { bigint: true });
  if (!sameFileState(before, after) || BigInt(digest.size) !== after.size) throw changedWhileReading(rel);
  if (Date.now() - Number(after.mtimeMs) > RACY_MARGIN_MS) cache?.remember(rel, after, digest.hash);
  return { ...digest, mode, cached: false };
}

function changedWhileReading(rel: string): LoupeError {
  return new LoupeError('CONFLICT', `${rel} changed while Loupe was reading it; wait until it is completely written, then add it again. No version was made.`);
}
