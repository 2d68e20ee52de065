import * as path from 'node:path';
import * as vscode from 'vscode';
import { DatasetRepo } from '../../../tracker/src/datasets/repo';
import { deleteUnusedVersion, usesOfVersion } from '../../../tracker/src/datasets/deleteVersion';
import type { AddResult, DatasetVersion } from '../../../tracker/src/datasets/types';
import { ObjectStore } from '../../../tracker/src/objects/objectStore';
import { COMMANDS } from '../constants';
import { runCli } from '../services/cliRunner';
import { features } from '../services/features';
import { showError } from '../services/log';
import type { WorkspaceStore } from '../services/workspaceStore';
import { showDatasetPanel } from './datasetPanel';
import type { DatasetsNode } from './datasetsTree';
import { diffView, profileView } from './datasetViewModel';

function versionOf(arg: unknown): DatasetVersion | undefined {
  const node = arg as DatasetsNode | undefined;
  return node?.kind === 'version' ? node.version : undefined;
}

/** Version, show, diff, checkout and split datasets. Hashing and copying run in a child process. */
export function registerDatasetCommands(context: vscode.ExtensionContext, store: WorkspaceStore): void {
  const workspace = path.dirname(store.loupeDir);
  const register = (id: string, fn: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        void showError(`${id} failed`, e);
        return undefined;
      }
    }));

  // (uri, message) when called from code or tests; from the Explorer, VS Code passes (uri, selection).
  register(COMMANDS.versionDataset, async (uri?: unknown, messageArg?: unknown) => {
    let target = uri instanceof vscode.Uri ? uri : undefined;
    if (!target) {
      const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: false, defaultUri: vscode.Uri.file(workspace), openLabel: 'Version' });
      target = picked?.[0];
    }
    if (!target) return undefined;
    const message = typeof messageArg === 'string' ? messageArg : await vscode.window.showInputBox({ prompt: `Message for this version of ${path.basename(target.fsPath)} (optional)`, placeHolder: 'e.g. added 2024 measurements' });
    if (message === undefined) return undefined;
    const result = await runCli<AddResult>(context, store, `Versioning ${path.basename(target.fsPath)}`, ['data', 'add', target.fsPath, ...(message ? ['--message', message] : []), '--format', 'json']);
    if (!result) return undefined;
    store.notifyChanged();
    const v = result.version;
    void vscode.window.showInformationMessage(result.status === 'created' ? `Loupe: ${v.dataset} v${v.version} recorded (${v.fileCount} file(s)${v.rows === null ? '' : `, ${v.rows} rows`}).` : `Loupe: ${v.dataset} is unchanged (still v${v.version}).`);
    return result;
  });

  register(COMMANDS.showDataset, async (arg) => {
    const version = versionOf(arg);
    if (!version) return;
    const objects = new ObjectStore(store.loupeDir);
    const repo = new DatasetRepo(store.get().db);
    const { readManifest, readProfile } = features();
    const files = readManifest(objects, version).files.map((f) => ({ path: f.path, size: f.size }));
    showDatasetPanel(context.extensionUri, `Loupe: ${version.dataset} v${version.version}`, profileView(version, files, readProfile(objects, version), repo.runsOfVersion(version.id)));
  });

  register(COMMANDS.diffDataset, async (arg) => {
    const version = versionOf(arg);
    if (!version) return;
    const others = new DatasetRepo(store.get().db).log(version.dataset).filter((v) => v.id !== version.id);
    if (others.length === 0) {
      void vscode.window.showInformationMessage(`Loupe: ${version.dataset} has only one version.`);
      return;
    }
    const pick = await vscode.window.showQuickPick(others.map((v) => ({ label: `v${v.version}`, description: v.message, v })), { placeHolder: `Diff ${version.dataset} v${version.version} with…` });
    if (!pick) return;
    const [from, to] = pick.v.version < version.version ? [pick.v, version] : [version, pick.v];
    const diff = await features().diffVersions(store.loupeDir, from.id, to.id);
    showDatasetPanel(context.extensionUri, `Loupe: ${version.dataset} v${from.version} → v${to.version}`, diffView(diff));
  });

  register(COMMANDS.checkoutDataset, async (arg) => {
    const version = versionOf(arg);
    if (!version) return;
    const answer = await vscode.window.showWarningMessage(`Restore ${version.dataset} v${version.version} into ${version.sourcePath}?`, { modal: true, detail: 'Files of this version are overwritten with their recorded content; other files are not touched.' }, 'Restore');
    if (answer !== 'Restore') return;
    await runCli(context, store, `Restoring ${version.dataset} v${version.version}`, ['data', 'checkout', `${version.dataset}@${version.version}`, '--format', 'json']);
    void vscode.window.showInformationMessage(`Loupe: restored ${version.dataset} v${version.version}.`);
  });

  register(COMMANDS.deleteDatasetVersion, async (arg) => {
    const version = versionOf(arg);
    if (!version) return;
    const uses = usesOfVersion(store.get().db, version.id);
    if (uses.length) {
      void vscode.window.showWarningMessage(`Loupe: ${version.dataset} v${version.version} is still in use (${uses.join('; ')}), so it is kept.`);
      return;
    }
    const answer = await vscode.window.showWarningMessage(`Delete ${version.dataset} v${version.version}?`, { modal: true, detail: 'Nothing uses it. Its files stay in .loupe/objects until `loupe gc`.' }, 'Delete');
    if (answer !== 'Delete') return;
    deleteUnusedVersion(store.get().db, version.id);
    store.notifyChanged();
  });

  register(COMMANDS.splitDataset, async (arg) => {
    const version = versionOf(arg);
    if (!version) return;
    const seed = await vscode.window.showInputBox({ prompt: 'Seed for the 80/10/10 split (same seed → same split)', value: '42', validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'A whole number') });
    if (seed === undefined) return;
    const label = await vscode.window.showInputBox({ prompt: 'Label column to stratify by (empty: no stratification)' });
    if (label === undefined) return;
    await runCli(context, store, `Splitting ${version.dataset} v${version.version}`, ['data', 'split', `${version.dataset}@${version.version}`, '--seed', seed, ...(label ? ['--label', label] : []), '--format', 'json']);
    store.notifyChanged();
    void vscode.window.showInformationMessage(`Loupe: split ${version.dataset} v${version.version} into train, validation and test.`);
  });
}
