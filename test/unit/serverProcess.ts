import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';

/** `startServer` in a child process (so a test can SIGKILL it, or load it from other processes). */
export async function spawnServerProcess(loupeDir: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const script = `
    const { startServer } = require(${JSON.stringify(path.join(REPO_ROOT, 'tracker/src/server/server'))});
    startServer({ loupeDir: ${JSON.stringify(loupeDir)} }).then((s) => process.stdout.write(JSON.stringify({ url: s.url, token: s.token }) + '\\n'));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as { url: string; token: string });
    });
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
  return { child, url, token };
}
