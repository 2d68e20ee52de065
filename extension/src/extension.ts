import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from './constants';
import { ExperimentsTree, type ExperimentsNode } from './experiments/experimentsTree';
import { registerRunCommands } from './experiments/runCommands';
import { RunsPanel } from './runs/runsPanel';
import { ComparePanel } from './compare/comparePanel';
import { runIdsFromArgs } from './experiments/runSelection';
import { ActiveRunsStatus } from './experiments/activeRunsStatus';
import { ServerManager } from './server/serverManager';
import { registerServerCommands } from './server/serverCommands';
import { log, showError } from './services/log';
import { WorkspaceStore } from './services/workspaceStore';
import { DatasetsTree } from './datasets/datasetsTree';
import { registerDatasetCommands } from './datasets/datasetCommands';
import { registerTrainingCommands } from './training/trainingCommands';
import { ModelsTree } from './models/modelsTree';
import { registerModelCommands } from './models/modelCommands';
import { registerStoryCommands } from './walkthrough/storyCommands';

/** What tests (and other extensions) can reach through `extension.exports`. */
export interface LoupeApi {
  loupeDir: string | undefined;
  experimentsTree: ExperimentsTree | undefined;
  datasetsTree?: DatasetsTree;
  modelsTree?: ModelsTree;
  /** How long activate() took (ms), for the responsiveness benchmark. */
  activationMs: number;
}

/**
 * Activation is cheap: it registers views and commands only. The database (and its native
 * driver) opens the first time a view asks for data or a command runs.
 */
export function activate(context: vscode.ExtensionContext): LoupeApi {
  const started = performance.now();
  const sub = (d: vscode.Disposable) => context.subscriptions.push(d);
  sub(vscode.commands.registerCommand(COMMANDS.showLog, () => log().show()));

  const store = WorkspaceStore.forWorkspace();
  if (!store) {
    const noFolder = () => void vscode.window.showInformationMessage('Loupe: open a folder first; Loupe keeps its data in the folder\'s .loupe/.');
    sub(vscode.commands.registerCommand(COMMANDS.openRuns, noFolder));
    sub(vscode.commands.registerCommand(COMMANDS.refresh, noFolder));
    return { loupeDir: undefined, experimentsTree: undefined, activationMs: performance.now() - started };
  }
  sub(store);

  const experimentsTree = new ExperimentsTree(store);
  sub(experimentsTree);
  sub(vscode.window.createTreeView<ExperimentsNode>(VIEWS.experiments, { treeDataProvider: experimentsTree, canSelectMany: true, showCollapseAll: true }));
  sub(new ActiveRunsStatus(store));
  const datasetsTree = new DatasetsTree(store);
  sub(datasetsTree);
  sub(vscode.window.registerTreeDataProvider(VIEWS.datasets, datasetsTree));
  registerDatasetCommands(context, store);
  registerTrainingCommands(context, store);
  const modelsTree = new ModelsTree(store);
  sub(modelsTree);
  sub(vscode.window.registerTreeDataProvider(VIEWS.models, modelsTree));
  registerModelCommands(context, store, modelsTree);
  registerStoryCommands(context, store);

  sub(vscode.commands.registerCommand(COMMANDS.openRuns, () => {
    try {
      RunsPanel.show(context.extensionUri, store);
    } catch (e) {
      void showError('Could not open the runs panel', e);
    }
  }));
  sub(vscode.commands.registerCommand(COMMANDS.refresh, () => store.notifyChanged()));
  sub(vscode.commands.registerCommand(COMMANDS.compareRuns, (...args: unknown[]) => {
    const ids = runIdsFromArgs(args);
    if (ids.length === 0) {
      void vscode.window.showInformationMessage('Loupe: select runs to compare (in the Experiments view or the runs table).');
      return;
    }
    ComparePanel.show(context.extensionUri, store, ids);
  }));
  registerRunCommands(context, store);
  const server = new ServerManager(context, store.loupeDir);
  sub(server);
  registerServerCommands(context, server);

  return { loupeDir: store.loupeDir, experimentsTree, datasetsTree, modelsTree, activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Disposables registered on the context close the database and stop timers.
}
