import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LoupeError } from '../errors';

/** Hex digests only: this keeps every object path inside `objects/` whatever a caller passes. */
const DIGEST = /^[0-9a-f]{64}$/;

/**
 * Content-addressed blobs under `<loupeDir>/objects/ab/cdef…`. Each object is written to a temp file
 * in the same folder and renamed into place, so a crash never leaves a partial object under its name.
 */
export class ObjectStore {
  readonly root: string;

  constructor(loupeDir: string) {
    this.root = path.join(loupeDir, 'objects');
  }

  pathOf(hash: string): string {
    if (!DIGEST.test(hash)) throw new LoupeError('INVALID_ARGUMENT', `"${hash.slice(0, 80)}" is not an object id.`);
    return path.join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  has(hash: string): boolean {
    return fs.existsSync(this.pathOf(hash));
  }

  putBuffer(data: Uint8Array): { hash: string; size: number } {
    const hash = createHash('sha256').update(data).digest('hex');
    if (!this.has(hash)) {
      const tmp = this.tempPath();
      fs.writeFileSync(tmp, data);
      this.commit(tmp, hash);
    }
    return { hash, size: data.byteLength };
  }

  /** Streams a file in while hashing it, so large files never sit in memory. */
  async putFile(file: string): Promise<{ hash: string; size: number }> {
    const tmp = this.tempPath();
    const hasher = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        fs.createReadStream(file),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hasher.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        fs.createWriteStream(tmp),
      );
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    const hash = hasher.digest('hex');
    if (this.has(hash)) fs.rmSync(tmp, { force: true });
    else this.commit(tmp, hash);
    return { hash, size };
  }

  read(hash: string): Buffer {
    try {
      return fs.readFileSync(this.pathOf(hash));
    } catch (cause) {
      throw new LoupeError('NOT_FOUND', `Object ${hash} is missing from ${this.root}.`, { cause });
    }
  }

  /** Removes temp files left by writers that died mid-write. */
  removeStaleTemps(olderThanMs = 60 * 60_000): number {
    const tmpDir = path.join(this.root, 'tmp');
    let removed = 0;
    for (const name of safeReaddir(tmpDir)) {
      const p = path.join(tmpDir, name);
      if (Date.now() - fs.statSync(p).mtimeMs > olderThanMs) {
        fs.rmSync(p, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private tempPath(): string {
    const tmpDir = path.join(this.root, 'tmp');
    fs.mkdirSync(tmpDir, { recursive: true });
    return path.join(tmpDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  private commit(tmp: string, hash: string): void {
    const dest = this.pathOf(hash);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.chmodSync(tmp, 0o444);
    fs.renameSync(tmp, dest);
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
