import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { showError } from '../services/log';
import type { WorkspaceStore } from '../services/workspaceStore';
import type { ExperimentsNode } from './experimentsTree';
import { ComparePanel } from '../compare/comparePanel';

/** Run id from a tree node, a run id string (from panels), or nothing. */
function runIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as ExperimentsNode | undefined;
  return node?.kind === 'run' ? node.run.id : undefined;
}

/** Context-menu commands on runs: open, copy id, rename, tag, delete (with confirmation). */
export function registerRunCommands(context: vscode.ExtensionContext, store: WorkspaceStore): void {
  const register = (id: string, fn: (arg: unknown) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg: unknown) => {
        try {
          await fn(arg);
        } catch (e) {
          void showError(`${id} failed`, e);
        }
      }),
    );

  // A run opens in the same panel as a comparison: its curves, params and tags.
  register(COMMANDS.openRun, async (arg) => {
    const id = runIdOf(arg);
    if (!id) return;
    const run = store.get().getRun(id);
    ComparePanel.show(context.extensionUri, store, [id], `Loupe: ${run.name}`);
  });

  register(COMMANDS.copyRunId, async (arg) => {
    const id = runIdOf(arg);
    if (id) await vscode.env.clipboard.writeText(id);
  });

  register(COMMANDS.renameRun, async (arg) => {
    const id = runIdOf(arg);
    if (!id) return;
    const run = store.get().getRun(id);
    const name = await vscode.window.showInputBox({ prompt: 'New run name', value: run.name, validateInput: (v) => (v.trim() ? undefined : 'A name cannot be empty') });
    if (name === undefined) return;
    store.get().updateRun(id, { name });
    store.notifyChanged();
  });

  register(COMMANDS.tagRun, async (arg) => {
    const id = runIdOf(arg);
    if (!id) return;
    const entry = await vscode.window.showInputBox({ prompt: 'Tag as key=value', placeHolder: 'stage=candidate' });
    if (!entry) return;
    const eq = entry.indexOf('=');
    const key = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    store.get().setTags(id, { [key]: eq < 0 ? '' : entry.slice(eq + 1).trim() });
    store.notifyChanged();
  });

  register(COMMANDS.deleteRun, async (arg) => {
    const id = runIdOf(arg);
    if (!id) return;
    const run = store.get().getRun(id);
    const answer = await vscode.window.showWarningMessage(`Delete run "${run.name}"?`, { modal: true, detail: 'Its params, metrics and artifacts stay on disk until `loupe gc`.' }, 'Delete');
    if (answer !== 'Delete') return;
    store.get().deleteRun(id);
    store.notifyChanged();
  });
}
