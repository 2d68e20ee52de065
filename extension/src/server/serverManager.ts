import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { spawnTrackerProcess, stopProcessTree } from '../services/cliProcess';
import { log } from '../services/log';

export interface ServerInfo {
  url: string;
  token: string;
}

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * The workspace's local tracking server (`loupe serve`), started on demand in a child process.
 * While it runs, terminals that VS Code opens get LOUPE_/MLFLOW_ tracking variables, so
 * `mlflow.log_metric` and the Python client find it without configuration.
 */
export class ServerManager implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private info: ServerInfo | undefined;
  private starting: Promise<ServerInfo> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly loupeDir: string,
  ) {}

  get current(): ServerInfo | undefined {
    return this.info;
  }

  ensureStarted(): Promise<ServerInfo> {
    if (this.info) return Promise.resolve(this.info);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private start(): Promise<ServerInfo> {
    const workspace = path.dirname(this.loupeDir);
    const port = vscode.workspace.getConfiguration('loupe').get<number>('server.port', 0);
    const child = spawnTrackerProcess(this.context.extensionUri, 'cli.js', ['serve', '--port', String(port)], { cwd: workspace, env: { LOUPE_DIR: this.loupeDir } });
    this.child = child;
    return new Promise<ServerInfo>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`the Loupe server did not start within 20 s:\n${output}`)), 20_000);
      child.stderr?.on('data', (d) => {
        output += d;
        log().warn(`[server] ${String(d).trimEnd()}`);
      });
      child.stdout?.on('data', (d) => {
        output += d;
        log().info(`[server] ${String(d).trimEnd()}`);
        const m = LISTENING.exec(output);
        if (m && !this.info) {
          clearTimeout(timer);
          const token = fs.readFileSync(path.join(this.loupeDir, 'server-token'), 'utf8').trim();
          this.info = { url: m[1], token };
          this.applyEnvironment(this.info);
          resolve(this.info);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.clear();
        reject(new Error(`the Loupe server exited (${signal ?? code}) before it was ready:\n${output}`));
      });
    });
  }

  /** Shell lines that point a notebook kernel or a terminal at the server. */
  environmentLines(info: ServerInfo, style: 'shell' | 'python'): string {
    const vars = trackingVariables(info);
    return style === 'python'
      ? ['import os', ...Object.entries(vars).map(([k, v]) => `os.environ[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)].join('\n')
      : Object.entries(vars).map(([k, v]) => `export ${k}=${v}`).join('\n');
  }

  private applyEnvironment(info: ServerInfo): void {
    const env = this.context.environmentVariableCollection;
    env.description = 'Points MLflow clients and the Loupe Python client at this workspace\'s Loupe server.';
    for (const [k, v] of Object.entries(trackingVariables(info))) env.replace(k, v);
  }

  stop(): void {
    if (this.child) stopProcessTree(this.child);
    this.clear();
  }

  private clear(): void {
    this.child = undefined;
    this.info = undefined;
    this.context.environmentVariableCollection.clear();
  }

  dispose(): void {
    this.stop();
  }
}

export function trackingVariables(info: ServerInfo): Record<string, string> {
  return {
    LOUPE_TRACKING_URI: info.url,
    LOUPE_TRACKING_TOKEN: info.token,
    MLFLOW_TRACKING_URI: info.url,
    MLFLOW_TRACKING_TOKEN: info.token,
  };
}
