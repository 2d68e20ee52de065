import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LaunchResult } from '../../../tracker/src/training/launch';
import type { SweepResult } from '../../../tracker/src/training/sweep';
import { features } from '../services/features';
import { COMMANDS } from '../constants';
import { showError } from '../services/log';
import { requireTrust } from '../services/trust';
import type { WorkspaceStore } from '../services/workspaceStore';
import { reportEvent, trainingOutput } from './trainingOutput';

/** Options a test (or another extension) can pass to skip the pickers. */
interface TrainArgs {
  config?: string;
  overrides?: Record<string, unknown>;
  cv?: number;
  trials?: number;
  seed?: number;
}

const CONFIG_GLOB = '**/*.{yaml,yml,json}';
const SCRIPT_GLOB = '**/*.{py,sh}';

function backendSetting(): string | undefined {
  const b = vscode.workspace.getConfiguration('loupe').get<string>('training.backend', 'auto');
  return b === 'auto' ? undefined : b;
}

function parallelismSetting(): number | undefined {
  const p = vscode.workspace.getConfiguration('loupe').get<number>('training.parallelism', 0);
  return p > 0 ? p : undefined;
}

/** The worker runs on this Node; in desktop VS Code that is Electron, which must act as Node. */
const WORKER_ENV = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };

async function pickFile(kind: 'config' | 'config-or-script', preset?: string | vscode.Uri): Promise<string | undefined> {
  if (preset instanceof vscode.Uri) return preset.fsPath;
  if (typeof preset === 'string') return preset;
  const active = vscode.window.activeTextEditor?.document.uri;
  const globs = kind === 'config' ? [CONFIG_GLOB] : [CONFIG_GLOB, SCRIPT_GLOB];
  const found = (await Promise.all(globs.map((g) => vscode.workspace.findFiles(g, '{**/node_modules/**,**/.loupe/**,**/data/**}', 200)))).flat();
  const items = found
    .filter((u) => !/package(-lock)?\.json$|tsconfig/.test(u.fsPath))
    .map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u, picked: u.toString() === active?.toString() }));
  const choice = await vscode.window.showQuickPick(items, { placeHolder: kind === 'config' ? 'Training config (YAML or JSON)' : 'Training config, or a script to run as a tracked run' });
  return choice?.uri.fsPath;
}

async function askOverrides(): Promise<Record<string, unknown> | undefined> {
  const text = await vscode.window.showInputBox({ prompt: 'Override config fields (optional), e.g. training.learningRate=0.003, training.epochs=30', placeHolder: 'key=value, key=value' });
  if (text === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`"${part}" is not key=value`);
    const raw = part.slice(eq + 1).trim();
    out[part.slice(0, eq).trim()] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

/** Run Training, Start Sweep and Cross-Validate: each a child process with progress and cancel. */
export function registerTrainingCommands(context: vscode.ExtensionContext, store: WorkspaceStore): void {
  const workspace = path.dirname(store.loupeDir);
  const register = (id: string, fn: (arg?: unknown) => Promise<unknown>) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, async (arg?: unknown) => {
      if (!requireTrust('Training')) return undefined;
      try {
        return await fn(arg);
      } catch (e) {
        if ((e as Error).name === 'AbortError') return undefined;
        void showError(`${id} failed`, e);
        return undefined;
      }
    }));

  const withTrainingProgress = <T>(title: string, work: (progress: vscode.Progress<{ message?: string }>, signal: AbortSignal) => Promise<T>) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Loupe: ${title}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      trainingOutput().appendLine(`— ${title} —`);
      return work(progress, abort.signal);
    });

  /** One training job (plain or cross-validated) in a worker, with progress, cancel and a summary. */
  const train = async (title: string, file: string, job: { overrides?: Record<string, unknown>; cv?: number }): Promise<LaunchResult> => {
    const result = await withTrainingProgress(title, (progress, signal) =>
      features().launchTraining(file, { workspace, loupeDir: store.loupeDir, ...job, backend: backendSetting(), signal, env: WORKER_ENV, onEvent: (e) => reportEvent(e, progress), onOutput: (t) => trainingOutput().append(t) }));
    store.notifyChanged();
    announce(result);
    return result;
  };

  register(COMMANDS.runTraining, async (arg) => {
    const args = (typeof arg === 'object' && arg && !(arg instanceof vscode.Uri) ? arg : {}) as TrainArgs;
    const file = await pickFile('config-or-script', args.config ?? (arg instanceof vscode.Uri ? arg : undefined));
    if (!file) return undefined;
    if (/\.(py|sh)$/.test(file)) {
      const command = file.endsWith('.py') ? ['python3', file] : ['bash', file];
      return withTrainingProgress(`running ${path.basename(file)}`, async (progress, signal) => {
        progress.report({ message: 'running…' });
        const result = await features().runScript(command, { cwd: workspace, loupeDir: store.loupeDir, experiment: 'scripts', parseArgs: true, signal, onOutput: (t) => trainingOutput().append(t) });
        store.notifyChanged();
        return result;
      });
    }
    const overrides = args.overrides ?? (args.config ? {} : await askOverrides());
    if (overrides === undefined) return undefined;
    return train(`training ${path.basename(file)}`, file, { overrides });
  });

  register(COMMANDS.crossValidate, async (arg) => {
    const args = (typeof arg === 'object' && arg && !(arg instanceof vscode.Uri) ? arg : {}) as TrainArgs;
    const file = await pickFile('config', args.config ?? (arg instanceof vscode.Uri ? arg : undefined));
    if (!file) return undefined;
    const k = args.cv ?? Number(await vscode.window.showInputBox({ prompt: 'Number of folds', value: '5', validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 2 ? undefined : 'A whole number ≥ 2') }));
    if (!k) return undefined;
    return train(`${k}-fold cross-validation of ${path.basename(file)}`, file, { overrides: args.overrides, cv: k });
  });

  register(COMMANDS.startSweep, async (arg) => {
    const args = (typeof arg === 'object' && arg && !(arg instanceof vscode.Uri) ? arg : {}) as TrainArgs;
    const file = await pickFile('config', args.config ?? (arg instanceof vscode.Uri ? arg : undefined));
    if (!file) return undefined;
    const trials = args.trials ?? Number(await vscode.window.showInputBox({ prompt: 'Number of trials (the config\'s `sweep:` section is the search space)', value: '8', validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 ? undefined : 'A whole number ≥ 1') }));
    if (!trials) return undefined;
    const result: SweepResult = await withTrainingProgress(`sweep of ${path.basename(file)} (${trials} trials)`, (progress, signal) => {
      let finished = 0;
      return features().runSweep(file, {
        workspace, loupeDir: store.loupeDir, trials, seed: args.seed, overrides: args.overrides, parallel: parallelismSetting(), backend: backendSetting(), signal, env: WORKER_ENV,
        onEvent: (e, trial) => reportEvent(e, { report: () => undefined }, `trial ${trial}: `),
        onTrial: (t) => progress.report({ message: `${++finished}/${trials} trials done (last: ${t.value === null ? t.status : Number(t.value.toPrecision(4))})`, increment: 100 / trials } as { message: string }),
        onOutput: (t) => trainingOutput().append(t),
      });
    });
    store.notifyChanged();
    void vscode.window.showInformationMessage(`Loupe: sweep finished; best trial ${describeBest(result)}.`);
    return result;
  });
}

function announce(result: LaunchResult): void {
  const metrics = Object.entries(result.metrics).filter(([k]) => k.startsWith('val_') || k.endsWith('_mean')).slice(0, 3).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ');
  const model = result.modelName ? ` Registered ${result.modelName} v${result.modelVersion}.` : '';
  void vscode.window.showInformationMessage(`Loupe: training ${result.status}${metrics ? ` (${metrics})` : ''}.${model}`);
}

function describeBest(result: SweepResult): string {
  const best = result.best;
  return best ? `#${best.index} (${best.value === null ? '—' : Number(best.value.toPrecision(4))})` : 'none';
}
