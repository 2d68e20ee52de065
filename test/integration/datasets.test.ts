import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetsNode } from '../../extension/src/datasets/datasetsTree';
import type { AddResult } from '../../tracker/src/datasets/types';
import { activateLoupe, eventually } from './helpers';

describe('dataset versioning from VS Code', () => {
  it('versions a file from the Explorer command, lists it in the Datasets view and shows its profile', async () => {
    const api = await activateLoupe();
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const first = await vscode.commands.executeCommand<AddResult>('loupe.versionDataset', vscode.Uri.file(path.join(workspace, 'data', 'penguins.csv')), 'field data');
    assert.equal(first.status, 'created');
    assert.equal(first.version.rows, 344);
    const again = await vscode.commands.executeCommand<AddResult>('loupe.versionDataset', vscode.Uri.file(path.join(workspace, 'data', 'penguins.csv')), 'same again');
    assert.equal(again.status, 'unchanged', 'same content → same version');
    const tree = api.datasetsTree!;
    const version = await eventually(() => {
      const dataset = tree.getChildren().find((n) => n.kind === 'dataset' && n.dataset.name === 'penguins');
      return dataset && tree.getChildren(dataset).find((n): n is Extract<DatasetsNode, { kind: 'version' }> => n.kind === 'version');
    }, 'the penguins version in the Datasets view');
    assert.match(String(tree.getTreeItem(version).description), /field data · .* · 344 rows/);
    await vscode.commands.executeCommand('loupe.showDataset', version);
    await eventually(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Loupe: penguins v1'), 'the profile panel');
  });

  it('refuses to version a path outside the workspace, with a message that says so', async () => {
    const api = await activateLoupe();
    const outside = await vscode.commands.executeCommand<AddResult | undefined>('loupe.versionDataset', vscode.Uri.file('/etc/hostname'), 'nope');
    assert.equal(outside, undefined, 'nothing was versioned');
    assert.ok(!api.datasetsTree!.getChildren().some((n) => n.kind === 'dataset' && n.dataset.name === 'hostname'));
  });
});
