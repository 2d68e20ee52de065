import * as vscode from 'vscode';
import type { TrainEvent } from '../../../tracker/src/training/events';

let channel: vscode.OutputChannel | undefined;

/** The "Loupe Training" output channel: worker output and one line per epoch. */
export function trainingOutput(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel('Loupe Training');
  return channel;
}

const fmt = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v));

/** Reports an event in the output channel and the progress notification. */
export function reportEvent(e: TrainEvent, progress: vscode.Progress<{ message?: string; increment?: number }>, prefix = ''): void {
  const out = trainingOutput();
  switch (e.type) {
    case 'started':
      out.appendLine(`${prefix}run ${e.name} (${e.runId}) started`);
      progress.report({ message: `${prefix}${e.name}` });
      break;
    case 'epoch': {
      const metrics = Object.entries(e.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
      out.appendLine(`${prefix}epoch ${e.epoch}/${e.epochs}: ${metrics}`);
      progress.report({ message: `${prefix}epoch ${e.epoch}/${e.epochs}${e.metrics.val_loss !== undefined ? ` · val_loss ${fmt(e.metrics.val_loss)}` : ''}` });
      break;
    }
    case 'run-end':
      out.appendLine(`${prefix}run ${e.runId} ${e.status}`);
      break;
    case 'done':
      out.appendLine(`${prefix}done${e.modelName ? `: registered ${e.modelName} v${e.modelVersion}` : ''}`);
      break;
    case 'error':
      out.appendLine(`${prefix}error: ${e.message}`);
      break;
  }
}
