import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelsNode } from '../../extension/src/models/modelsTree';
import type { LaunchResult } from '../../tracker/src/training/launch';
import { activateLoupe, eventually } from './helpers';

describe('training from VS Code', () => {
  it('trains a config in a worker process; the run and the registered model appear in the views', async function () {
    this.timeout(180_000);
    const api = await activateLoupe();
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const result = await vscode.commands.executeCommand<LaunchResult>('loupe.runTraining', { config: path.join(workspace, 'train', 'penguins-logistic.yaml'), overrides: { 'training.epochs': 15 } });
    assert.ok(result, 'training returned a result');
    assert.equal(result.status, 'finished');
    assert.equal(result.modelName, 'penguins-logistic');
    assert.ok(result.metrics.val_accuracy > result.metrics.baseline_accuracy, `val_accuracy ${result.metrics.val_accuracy} beats the majority baseline ${result.metrics.baseline_accuracy}`);
    const run = api.experimentsTree!.getChildren().flatMap((e) => api.experimentsTree!.getChildren(e)).find((n) => n.kind === 'run' && n.run.id === result.runId);
    assert.ok(run, 'the training run is in the Experiments tree');
    const models = api.modelsTree!;
    const version = await eventually(() => {
      const model = models.getChildren().find((n) => n.kind === 'model' && n.model.name === 'penguins-logistic');
      return model && models.getChildren(model).find((n): n is Extract<ModelsNode, { kind: 'modelVersion' }> => n.kind === 'modelVersion');
    }, 'the registered model in the Models view');
    assert.equal(version.version.runId, result.runId);
  });
});
