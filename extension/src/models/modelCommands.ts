import * as vscode from 'vscode';
import { DatasetRepo } from '../../../tracker/src/datasets/repo';
import { Promoter, CHAMPION_ALIAS } from '../../../tracker/src/evaluation/promotion';
import type { EvaluationReport } from '../../../tracker/src/evaluation/report';
import { createAliasStore } from '../../../tracker/src/registry';
import { COMMANDS } from '../constants';
import { showEvaluationPanel } from '../evaluation/evaluationPanel';
import { runCli } from '../services/cliRunner';
import { showError } from '../services/log';
import { requireTrust } from '../services/trust';
import type { WorkspaceStore } from '../services/workspaceStore';
import type { ModelsNode, ModelsTree } from './modelsTree';

/** Lets tests and scripts skip the pickers. */
interface EvaluateArgs {
  model?: string;
  champion?: string;
  challenger?: string;
  data?: string;
  label?: string;
}

function policyFromSettings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('loupe.evaluation');
  return {
    mode: c.get('mode'), minImprovement: c.get('minImprovement'), nonInferiorityMargin: c.get('nonInferiorityMargin'),
    alpha: c.get('alpha'), maxLatencyRatio: c.get('maxLatencyRatio'), maxSliceRegression: c.get('maxSliceRegression'),
  };
}

function modelNameOf(arg: unknown): string | undefined {
  const node = arg as ModelsNode | undefined;
  if (node?.kind === 'model') return node.model.name;
  if (node?.kind === 'modelVersion') return node.version.model;
  return undefined;
}

/** Evaluate challenger vs champion, set aliases, roll back, and reopen evaluations. */
export function registerModelCommands(context: vscode.ExtensionContext, store: WorkspaceStore, tree: ModelsTree): void {
  const register = (id: string, fn: (arg?: unknown) => Promise<unknown>) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        return await fn(arg);
      } catch (e) {
        void showError(`${id} failed`, e);
        return undefined;
      }
    }));

  const pickModel = async (): Promise<string | undefined> => {
    const models = tree.registry().listModels();
    if (models.length === 0) {
      void vscode.window.showInformationMessage('Loupe: no registered model yet. Run Training to register one.');
      return undefined;
    }
    return (await vscode.window.showQuickPick(models.map((m) => ({ label: m.name, description: Object.entries(m.aliases).map(([a, v]) => `@${a}=v${v}`).join(' ') })), { placeHolder: 'Model to evaluate' }))?.label;
  };

  register(COMMANDS.evaluate, async (arg) => {
    if (!requireTrust('Evaluation')) return undefined;
    const args = (arg && typeof arg === 'object' && !('kind' in arg) ? arg : {}) as EvaluateArgs;
    const model = args.model ?? modelNameOf(arg) ?? (await pickModel());
    if (!model) return undefined;
    const registry = tree.registry();
    const champion = args.champion ?? (registry.getAlias(model, CHAMPION_ALIAS) !== undefined ? `${model}@${CHAMPION_ALIAS}` : undefined);
    if (!champion) throw new Error(`${model} has no champion yet: set the "champion" alias on a version first.`);
    const node = arg as ModelsNode | undefined;
    let challenger = args.challenger ?? (node?.kind === 'modelVersion' ? `${model}@${node.version.version}` : registry.getAlias(model, 'challenger') !== undefined ? `${model}@challenger` : undefined);
    if (!challenger) {
      const versions = registry.listVersions(model).filter((v) => !v.aliases.includes(CHAMPION_ALIAS));
      challenger = (await vscode.window.showQuickPick(versions.map((v) => ({ label: `${model}@${v.version}`, description: v.aliases.join(', ') })), { placeHolder: 'Challenger version' }))?.label;
      if (!challenger) return undefined;
    }
    let data = args.data;
    if (!data) {
      const versions = new DatasetRepo(store.get().db).listDatasets().flatMap((d) => (d.latest ? [d.latest] : []));
      const items = versions.map((v) => ({ label: `${v.dataset}@${v.version}`, description: v.splitRole === 'test' ? 'held-out split' : v.message })).sort((a, b) => Number(b.description === 'held-out split') - Number(a.description === 'held-out split'));
      data = (await vscode.window.showQuickPick(items, { placeHolder: 'Held-out data (a dataset version; the test split of a split is the usual choice)' }))?.label;
      if (!data) return undefined;
    }
    const label = args.label ?? registry.getModel(champion).package.labels.column;
    const report = await runCli<EvaluationReport>(context, store, `evaluating ${challenger} against ${champion}`,
      ['eval', '--champion', champion, '--challenger', challenger, '--data', data, '--label', label, '--policy', JSON.stringify(policyFromSettings()), '--format', 'json'],
      { okExitCodes: [0, 1] });
    if (!report) return undefined;
    store.notifyChanged();
    showEvaluationPanel(context.extensionUri, store, report.id);
    return report;
  });

  register(COMMANDS.showEvaluation, async (arg) => {
    if (typeof arg === 'string') showEvaluationPanel(context.extensionUri, store, arg);
  });

  register(COMMANDS.setAlias, async (arg) => {
    const node = arg as ModelsNode | undefined;
    if (node?.kind !== 'modelVersion') return undefined;
    const alias = await vscode.window.showInputBox({ prompt: `Alias for ${node.version.model}@${node.version.version}`, placeHolder: 'challenger', validateInput: (v) => (/^[A-Za-z][\w-]*$/.test(v) ? undefined : 'Letters, digits, - and _') });
    if (!alias) return undefined;
    if (alias === CHAMPION_ALIAS) throw new Error('The champion alias moves only by promotion after an evaluation (or with a recorded override): use Loupe: Evaluate Challenger vs Champion.');
    const reason = (await vscode.window.showInputBox({ prompt: 'Why (recorded in the audit log, optional)' })) ?? '';
    tree.registry().setAlias(node.version.model, alias, node.version.version, { reason });
    store.notifyChanged();
    return alias;
  });

  register(COMMANDS.rollback, async (arg) => {
    const model = modelNameOf(arg) ?? (await pickModel());
    if (!model) return undefined;
    const ok = await vscode.window.showWarningMessage(`Move ${model}'s champion back to the previous version?`, { modal: true }, 'Roll Back');
    if (ok !== 'Roll Back') return undefined;
    const db = store.get().db;
    const result = await new Promoter(db, createAliasStore(db)).rollback(model);
    store.notifyChanged();
    void vscode.window.showInformationMessage(`Loupe: ${model} champion is back to version ${result.to}.`);
    return result;
  });

  // Versions are compared through the runs that trained them: curves, params and metrics side by side.
  register(COMMANDS.compareModelVersions, async (arg) => {
    const model = modelNameOf(arg) ?? (await pickModel());
    if (!model) return undefined;
    const versions = tree.registry().listVersions(model).filter((v) => v.runId);
    const picked = await vscode.window.showQuickPick(versions.map((v) => ({ label: `v${v.version}`, description: v.aliases.map((a) => `@${a}`).join(' '), picked: true, runId: v.runId! })), { canPickMany: true, placeHolder: `Versions of ${model} to compare` });
    if (!picked || picked.length < 2) return undefined;
    return vscode.commands.executeCommand(COMMANDS.compareRuns, picked.map((p) => p.runId));
  });

  register(COMMANDS.openModelRun, async (arg) => {
    const node = arg as ModelsNode | undefined;
    if (node?.kind === 'modelVersion' && node.version.runId) await vscode.commands.executeCommand(COMMANDS.openRun, node.version.runId);
  });
}
