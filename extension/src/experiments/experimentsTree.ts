import * as vscode from 'vscode';
import type { Experiment, Run, RunDetail } from '../../../tracker/src/store/types';
import { COMMANDS } from '../constants';
import { StoreTree } from '../views/storeTree';
import { runDescription, statusIcon } from './runPresentation';

export type ExperimentNode = { kind: 'experiment'; experiment: Experiment; runCount: number };
export type RunNode = { kind: 'run'; run: Run };
export type ExperimentsNode = ExperimentNode | RunNode;

/** Experiments, then their runs (newest first) with status icons; refreshed when the database changes. */
export class ExperimentsTree extends StoreTree<ExperimentsNode> {
  getChildren(node?: ExperimentsNode): ExperimentsNode[] {
    const store = this.store.get();
    if (!node) {
      return store.listExperiments().map((experiment) => ({
        kind: 'experiment' as const,
        experiment,
        runCount: store.listRuns({ experiments: [experiment.name], limit: 0 }).total,
      }));
    }
    if (node.kind === 'experiment') {
      return store
        .listRuns({ experiments: [node.experiment.name], limit: 500 })
        .runs.map((run: RunDetail) => ({ kind: 'run' as const, run }));
    }
    return [];
  }

  getTreeItem(node: ExperimentsNode): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.experiment.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `experiment:${node.experiment.id}`;
      item.description = `${node.runCount} run${node.runCount === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'loupe.experiment';
      return item;
    }
    const { run } = node;
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${run.id}`;
    item.description = runDescription(run);
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(`${run.name}\n${run.status} · ${run.id}`);
    item.iconPath = statusIcon(run.status);
    item.contextValue = `loupe.run.${run.status}`;
    item.command = { command: COMMANDS.openRun, title: 'Open Run', arguments: [node] };
    return item;
  }

}
