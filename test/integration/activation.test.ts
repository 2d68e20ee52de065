import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Tracker } from '../../tracker/src/sdk/tracker';
import type { ExperimentsNode } from '../../extension/src/experiments/experimentsTree';
import { activateLoupe, eventually, EXTENSION_ID } from './helpers';

describe('Loupe in a real VS Code', () => {
  it('is not active before a Loupe view or command is used', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    const manifest = ext.packageJSON as { activationEvents?: string[] };
    assert.ok(!(manifest.activationEvents ?? []).includes('*'), 'no "*" activation');
  });

  it('activates without loading the native SQLite driver until a view or command needs data', async () => {
    await activateLoupe();
    const loaded = Object.keys(require.cache).filter((k) => /better[-_]sqlite3/.test(k));
    assert.deepEqual(loaded, [], 'better-sqlite3 was loaded at activation');
  });

  it('activates and registers every contributed command', async () => {
    await activateLoupe();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands contributed but not registered: ${missing.join(', ')}`);
  });

  it('shows a run that a test created in the Experiments tree', async () => {
    const api = await activateLoupe();
    assert.ok(api.loupeDir && api.experimentsTree);
    const tracker = Tracker.open({ dir: api.loupeDir });
    const run = await tracker.startRun({ experiment: 'integration-check', name: 'tree-shows-me', params: { lr: 0.01 } });
    run.log({ loss: 0.25 }, 1);
    run.end('finished');
    tracker.close();
    const tree = api.experimentsTree;
    const runNode = await eventually(() => {
      const experiment = tree.getChildren().find((n) => n.kind === 'experiment' && n.experiment.name === 'integration-check');
      return experiment && tree.getChildren(experiment).find((n): n is Extract<ExperimentsNode, { kind: 'run' }> => n.kind === 'run' && n.run.name === 'tree-shows-me');
    }, 'the run in the Experiments tree');
    const item = tree.getTreeItem(runNode);
    assert.equal(item.label, 'tree-shows-me');
    assert.match(String(item.description), /^finished/);
    assert.equal(item.contextValue, 'loupe.run.finished');
  });

  it('opens the runs panel from its command', async () => {
    await vscode.commands.executeCommand('loupe.openRuns');
    const tab = await eventually(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Loupe: Runs'),
      'the runs panel tab',
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview);
  });
});
