import * as vscode from 'vscode';
import { STORY } from '../../../tracker/src/demo/story';
import { listEvaluations } from '../../../tracker/src/evaluation/repo';
import { CHAMPION_ALIAS, Promoter } from '../../../tracker/src/evaluation/promotion';
import { createAliasStore } from '../../../tracker/src/registry';
import { ComparePanel } from '../compare/comparePanel';
import { COMMANDS } from '../constants';
import { showEvaluationPanel } from '../evaluation/evaluationPanel';
import { runCli } from '../services/cliRunner';
import { showError } from '../services/log';
import { trainingOutput } from '../training/trainingOutput';
import { requireTrust } from '../services/trust';
import type { WorkspaceStore } from '../services/workspaceStore';

/** One walkthrough step: which story steps it runs (by index in STORY) and what it shows afterwards. */
interface WalkthroughStep {
  command: string;
  steps: number[];
  needsTrust: boolean;
  then: () => PromiseLike<unknown> | void;
}

/**
 * The walkthrough's buttons: each runs its part of the sample story (the same `loupe` commands as
 * `loupe demo`, in a child process with progress) and then shows the result where it lives.
 */
export function registerStoryCommands(context: vscode.ExtensionContext, store: WorkspaceStore): void {
  const reveal = (view: string) => vscode.commands.executeCommand(`${view}.focus`);
  const latestEvaluation = () => listEvaluations(store.get().db, { challengerOf: 'penguins-species', limit: 1 })[0];
  const STEPS: WalkthroughStep[] = [
    { command: COMMANDS.storyData, steps: [0, 1, 2], needsTrust: false, then: () => reveal('loupe.datasets') },
    { command: COMMANDS.storyBaseline, steps: [3, 4], needsTrust: true, then: () => reveal('loupe.models') },
    { command: COMMANDS.storySweep, steps: [5, 6, 7], needsTrust: true, then: () => reveal('loupe.experiments') },
    {
      command: COMMANDS.storyCompare, steps: [], needsTrust: false,
      then: () => {
        const sweep = store.get().listRuns({ filter: "tags.`loupe.kind` = 'sweep'", limit: 1 }).runs[0];
        const ids = sweep ? store.get().listRuns({ filter: `parent = '${sweep.id}'` }).runs.map((r) => r.id) : [];
        if (ids.length === 0) throw new Error('Run the sweep step first: there are no sweep trials to compare.');
        ComparePanel.show(context.extensionUri, store, ids, `Loupe: Compare ${ids.length} sweep trials`);
      },
    },
    {
      command: COMMANDS.storyEvaluate, steps: [8], needsTrust: true,
      then: () => {
        const evaluation = latestEvaluation();
        if (evaluation) showEvaluationPanel(context.extensionUri, store, evaluation.id);
      },
    },
    {
      command: COMMANDS.storyPromote, steps: [], needsTrust: true,
      then: async () => {
        const evaluation = latestEvaluation();
        if (!evaluation) throw new Error('Evaluate the challenger first: promotion follows an evaluation.');
        const ok = await vscode.window.showWarningMessage(`Make ${evaluation.challenger} the champion of penguins-species?`, { modal: true, detail: `Evaluation ${evaluation.id.slice(0, 8)}: ${evaluation.verdict}. The previous champion stays one command away (Loupe: Rollback Champion).` }, 'Promote');
        if (ok !== 'Promote') return;
        const db = store.get().db;
        const result = await new Promoter(db, createAliasStore(db)).promote('penguins-species', { evaluationId: evaluation.id });
        store.notifyChanged();
        void vscode.window.showInformationMessage(`Loupe: penguins-species ${CHAMPION_ALIAS} is now version ${result.to}.`);
        await reveal('loupe.models');
      },
    },
  ];

  for (const step of STEPS) {
    context.subscriptions.push(vscode.commands.registerCommand(step.command, async () => {
      if (step.needsTrust && !requireTrust('This step')) return;
      try {
        for (const i of step.steps) {
          const s = STORY[i];
          const out = await runCli<string>(context, store, s.title, s.argv, { okExitCodes: s.okExitCodes, text: true });
          if (out === undefined) return; // cancelled
          trainingOutput().appendLine(`$ loupe ${s.argv.join(' ')}\n${out}`);
          store.notifyChanged();
        }
        await step.then();
      } catch (e) {
        void showError('The walkthrough step failed', e);
      }
    }));
  }
}
