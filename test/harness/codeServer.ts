import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
const CODE_SERVER = process.env.CODE_SERVER ?? path.join(REPO_ROOT, 'test/harness/code-server/node_modules/.bin/code-server');

/** Workbench settings that keep a test run quiet and offline. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
};

export interface CodeServer {
  url: string;
  port: number;
  /** `vscode-remote://` URI of a local path, as the workbench payload expects. */
  remote(p: string): string;
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  workspace: string;
  vsix?: string;
  /** Extra user settings (e.g. a colour theme). */
  settings?: Record<string, unknown>;
  port?: number;
  /** Keep the process attached to the caller's life (the `start` command), not a test's. */
  persistent?: boolean;
  userDataDir?: string;
}

function freePortGuess(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}

/** Starts an isolated code-server on 127.0.0.1 with throwaway user-data and extension folders. */
export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const tmp = options.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-cs-'));
  const userData = path.join(tmp, 'data');
  const extDir = path.join(tmp, 'ext');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({ ...SETTINGS, ...options.settings }, null, 2));
  const env = { ...process.env, XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp };
  const common = ['--user-data-dir', userData, '--extensions-dir', extDir, '--config', path.join(tmp, 'config.yaml')];
  if (options.vsix) execFileSync(CODE_SERVER, [...common, '--install-extension', options.vsix], { env, stdio: 'pipe' });
  const port = options.port ?? freePortGuess();
  const proc = spawn(
    CODE_SERVER,
    ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', ...common, options.workspace],
    { stdio: ['ignore', 'pipe', 'pipe'], env, detached: !options.persistent },
  );
  let log = '';
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300 || proc.exitCode !== null) throw new Error(`code-server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    remote: (p) => `vscode-remote://127.0.0.1:${port}${p}`,
    log: () => log,
    async stop() {
      // The whole process group: server, extension host, file watcher, pty host.
      const kill = (sig: NodeJS.Signals) => {
        try {
          process.kill(-proc.pid!, sig);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      for (let i = 0; i < 50 && proc.exitCode === null && proc.signalCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      kill('SIGKILL');
      if (!options.userDataDir) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
