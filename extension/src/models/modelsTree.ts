import * as vscode from 'vscode';
import { listEvaluations, type EvaluationRecord } from '../../../tracker/src/evaluation/repo';
import { ModelRegistry } from '../../../tracker/src/registry/modelRegistry';
import type { ModelSummary, ModelVersionInfo } from '../../../tracker/src/registry/registryTypes';
import { ObjectStore } from '../../../tracker/src/objects/objectStore';
import { COMMANDS } from '../constants';
import { StoreTree } from '../views/storeTree';

export type ModelsNode =
  | { kind: 'model'; model: ModelSummary }
  | { kind: 'modelVersion'; version: ModelVersionInfo }
  | { kind: 'evaluation'; evaluation: EvaluationRecord };

const fmt = (v: number) => String(Number(v.toPrecision(3)));

/** Models, their versions (aliases marked), and under each version the evaluations that judged it. */
export class ModelsTree extends StoreTree<ModelsNode> {
  registry(): ModelRegistry {
    return new ModelRegistry(this.store.get().db, new ObjectStore(this.store.loupeDir));
  }

  getChildren(node?: ModelsNode): ModelsNode[] {
    if (!node) return this.registry().listModels().map((model) => ({ kind: 'model' as const, model }));
    if (node.kind === 'model') return this.registry().listVersions(node.model.name).slice().sort((a, b) => b.version - a.version).map((version) => ({ kind: 'modelVersion' as const, version }));
    if (node.kind === 'modelVersion') {
      const ref = `${node.version.model}@${node.version.version}`;
      return listEvaluations(this.store.get().db, { challengerOf: node.version.model }).filter((e) => e.challenger === ref).map((evaluation) => ({ kind: 'evaluation' as const, evaluation }));
    }
    return [];
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    if (node.kind === 'model') {
      const m = node.model;
      const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `model:${m.name}`;
      item.description = `${m.versions} version${m.versions === 1 ? '' : 's'}${m.aliases.champion !== undefined ? ` · champion v${m.aliases.champion}` : ''}`;
      item.iconPath = new vscode.ThemeIcon('package');
      item.contextValue = 'loupe.model';
      return item;
    }
    if (node.kind === 'modelVersion') {
      const v = node.version;
      const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `model-version:${v.id}`;
      const metric = Object.entries(v.metrics).find(([k]) => k.startsWith('val_'));
      item.description = [...v.aliases.map((a) => `@${a}`), metric ? `${metric[0]} ${fmt(metric[1])}` : '', v.task].filter(Boolean).join(' · ');
      item.tooltip = `${v.model}@${v.version}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}\ntrained on ${v.trainingDataset ?? 'unknown data'}\nrun ${v.runId ?? '—'}`;
      item.iconPath = new vscode.ThemeIcon(v.aliases.includes('champion') ? 'star-full' : v.aliases.includes('challenger') ? 'star-half' : 'circle-outline');
      item.contextValue = 'loupe.modelVersion';
      return item;
    }
    const e = node.evaluation;
    const item = new vscode.TreeItem(`vs ${e.champion}`, vscode.TreeItemCollapsibleState.None);
    item.id = `evaluation:${e.id}`;
    item.description = `${e.verdict} · ${new Date(e.createdAt).toLocaleString()}`;
    item.iconPath = new vscode.ThemeIcon(e.verdict === 'promote' ? 'pass' : 'error');
    item.contextValue = 'loupe.evaluation';
    item.command = { command: COMMANDS.showEvaluation, title: 'Open Evaluation', arguments: [e.id] };
    return item;
  }

}
