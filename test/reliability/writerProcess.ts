// A writer that logs forever, reporting each flush on stdout, and now and then stores an artifact.
// Reliability tests kill it with SIGKILL at random moments.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Tracker } from '../../tracker/src/sdk/tracker';

async function main(): Promise<void> {
  const [loupeDir, name] = process.argv.slice(2);
  const tracker = Tracker.open({ dir: loupeDir, flush: { maxPoints: 1_000_000 } });
  const run = await tracker.startRun({ experiment: 'faults', name });
  process.stdout.write(`run ${run.id}\n`);
  const scratch = fs.mkdtempSync(path.join(loupeDir, '..', 'artifact-'));
  for (let i = 0, flushes = 0; ; i++) {
    run.log({ x: i }, i);
    if ((i + 1) % 500 === 0) {
      run.flush();
      flushes++;
      process.stdout.write(`flushed ${i + 1}\n`);
      if (flushes % 4 === 0) {
        const file = path.join(scratch, `weights-${flushes}.bin`);
        fs.writeFileSync(file, Buffer.alloc(256 * 1024, flushes % 251));
        await run.logArtifact(file);
      }
      await new Promise((r) => setImmediate(r));
    }
  }
}

void main();
