// `npm run soak [-- SECONDS]`: the long version of the fault tests. Rounds of 4 concurrent writers,
// each SIGKILLed at a seeded random moment, until the time is up; after every round the database must
// pass integrity_check and hold every point each writer reported flushed. Prints the totals.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '../../tracker/src/demo/softmaxRegression';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';

const seconds = Number(process.argv[2] ?? process.env.LOUPE_SOAK_SECONDS ?? 600);
const random = seededRandom(Number(process.env.LOUPE_SOAK_SEED ?? 1));
const writer = path.join(__dirname, 'writerProcess.ts');

function victim(loupeDir: string, name: string, killAfterMs: number): Promise<{ runId: string; flushed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, loupeDir, name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d) => {
      out += d;
      if (!timer && out.includes('flushed')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('exit', () => {
      const runId = /run ([0-9a-f]{32})/.exec(out)?.[1];
      const flushed = [...out.matchAll(/flushed (\d+)/g)].pop();
      if (!runId || !flushed) reject(new Error(`writer ${name} died before flushing: ${out}`));
      else resolve({ runId, flushed: Number(flushed[1]) });
    });
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-soak-'));
  const loupeDir = path.join(dir, '.loupe');
  const until = Date.now() + seconds * 1000;
  let killed = 0;
  let points = 0;
  for (let round = 0; Date.now() < until; round++) {
    const outcomes = await Promise.all([0, 1, 2, 3].map((w) => victim(loupeDir, `r${round}-w${w}`, Math.floor(random() * 2000))));
    killed += outcomes.length;
    const store = SqliteTrackerStore.open(loupeDir);
    try {
      if (store.db.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error(`integrity_check failed after round ${round}`);
      for (const o of outcomes) {
        const stored = store.getMetricHistory(o.runId, 'x').values.length;
        if (stored < o.flushed) throw new Error(`round ${round}: run ${o.runId} has ${stored} points, ${o.flushed} were flushed`);
        points += stored;
      }
    } finally {
      store.close();
    }
    console.log(`round ${round + 1}: ${killed} writers killed so far, ${points.toLocaleString()} points verified, 0 lost`);
  }
  console.log(`soak: ${seconds} s, ${killed} processes killed, ${points.toLocaleString()} points written and verified, 0 points lost`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
