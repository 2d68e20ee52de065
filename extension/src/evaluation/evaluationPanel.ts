import * as vscode from 'vscode';
import { parseEvaluationPanelMessage, type EvaluationHostMessage, type EvaluationPanelMessage } from '../../../protocol/evaluation';
import { Promoter, CHAMPION_ALIAS, parseModelRef } from '../../../tracker/src/evaluation/promotion';
import { readReport } from '../../../tracker/src/evaluation/report';
import { getEvaluation } from '../../../tracker/src/evaluation/repo';
import { createAliasStore } from '../../../tracker/src/registry';
import { PANELS } from '../constants';
import { showError } from '../services/log';
import { requireTrust } from '../services/trust';
import type { WorkspaceStore } from '../services/workspaceStore';
import { PanelChannel } from '../webview/panelChannel';
import { panelHtml } from '../webview/panelHtml';
import { evaluationView } from './evaluationViewModel';

const open = new Map<string, vscode.WebviewPanel>();

/** Whether the evaluated challenger is the champion now. */
function isPromoted(store: WorkspaceStore, challengerRef: string): boolean {
  const ref = parseModelRef(challengerRef);
  return !!ref && createAliasStore(store.get().db).get(ref.model, CHAMPION_ALIAS) === ref.version;
}

/** Opens (or reveals) the panel of one stored evaluation: verdict first, evidence, Promote. */
export function showEvaluationPanel(extensionUri: vscode.Uri, store: WorkspaceStore, evaluationId: string): vscode.WebviewPanel {
  const existing = open.get(evaluationId);
  if (existing) {
    existing.reveal();
    return existing;
  }
  const db = store.get().db;
  const record = getEvaluation(db, evaluationId);
  const report = readReport(store.loupeDir, record.reportHash);
  const title = `Loupe: ${report.challenger.ref} vs ${report.champion.ref}`;
  const panel = vscode.window.createWebviewPanel(PANELS.evaluation, title, vscode.ViewColumn.Active, {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
  });
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'loupe.svg');
  open.set(evaluationId, panel);
  const post = (): void => channel.post(evaluationView(report, db, { promoted: isPromoted(store, report.challenger.ref), overridable: true }));
  const channel: PanelChannel<EvaluationPanelMessage, EvaluationHostMessage> = new PanelChannel<EvaluationPanelMessage, EvaluationHostMessage>(panel.webview, parseEvaluationPanelMessage, async (m): Promise<void> => {
    if (m.type === 'panel/ready') return post();
    if (m.type !== 'evaluation/promote' || m.evaluationId !== evaluationId || !requireTrust('Promotion')) return;
    try {
      const promoted = await promoteFromPanel(store, report.challenger.ref, report.verdict, evaluationId);
      if (promoted) post();
    } catch (e) {
      void showError('Promotion failed', e);
    }
  });
  panel.onDidDispose(() => {
    open.delete(evaluationId);
    channel.dispose();
  });
  panel.webview.html = panelHtml(panel.webview, extensionUri, 'evaluation', title);
  return panel;
}

/** Confirms with the user (asking for a recorded reason when the gate failed), then moves the alias. */
async function promoteFromPanel(store: WorkspaceStore, challengerRef: string, verdict: 'promote' | 'reject', evaluationId: string): Promise<boolean> {
  const ref = parseModelRef(challengerRef);
  if (!ref) throw new Error(`${challengerRef} is not a registered model version, so there is no alias to move.`);
  let override: { reason: string } | undefined;
  if (verdict === 'reject') {
    const reason = await vscode.window.showInputBox({ prompt: `The gate rejected ${challengerRef}. Promote anyway? Give the reason (it is recorded in the audit log).`, validateInput: (v) => (v.trim().length >= 5 ? undefined : 'Say why, in a few words') });
    if (!reason) return false;
    override = { reason };
  } else {
    const ok = await vscode.window.showWarningMessage(`Make ${challengerRef} the champion of ${ref.model}?`, { modal: true, detail: 'The previous champion stays one command away (Loupe: Rollback Champion).' }, 'Promote');
    if (ok !== 'Promote') return false;
  }
  const db = store.get().db;
  const result = await new Promoter(db, createAliasStore(db)).promote(ref.model, { evaluationId, override });
  store.notifyChanged();
  void vscode.window.showInformationMessage(`Loupe: ${ref.model} champion is now version ${result.to}${result.from ? ` (was ${result.from})` : ''}.`);
  return true;
}
