import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentsNode } from '../../extension/src/experiments/experimentsTree';
import { activateLoupe, eventually } from './helpers';

describe('Python notebooks and scripts log into the open workspace', () => {
  it('shows runs logged by the sample Python script while VS Code is open', async function () {
    if (spawnSync('python3', ['--version']).status !== 0) this.skip();
    const api = await activateLoupe();
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // Opening the view reads the database, which starts live refresh.
    api.experimentsTree!.getChildren();
    const result = spawnSync('python3', [path.join(workspace, 'scripts', 'nearest_centroid.py'), '--features', '3'], {
      cwd: workspace, encoding: 'utf8', // The workspace is a temp copy, so the client comes from this repository (.test-output/integration -> repo).
      env: { ...process.env, LOUPE_DIR: api.loupeDir, PYTHONPATH: path.resolve(__dirname, '../../tracker/python') },
    });
    assert.equal(result.status, 0, result.stderr);
    const tree = api.experimentsTree!;
    const node = await eventually(() => {
      const experiment = tree.getChildren().find((n) => n.kind === 'experiment' && n.experiment.name === 'penguins-species');
      return experiment && tree.getChildren(experiment).find((n): n is Extract<ExperimentsNode, { kind: 'run' }> => n.kind === 'run' && n.run.name === 'centroid-3feat');
    }, 'the Python run in the Experiments tree');
    assert.equal(node.run.status, 'finished');
  });
});
