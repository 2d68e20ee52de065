import * as vscode from 'vscode';
import { PANEL_READY } from '../../../protocol/common';
import { log } from '../services/log';

/**
 * The host side of a panel's protocol: holds host messages until the panel says `panel/ready`,
 * validates every incoming message (a panel is untrusted input) and drops unknown shapes.
 */
export class PanelChannel<In extends { type: string }, Out> implements vscode.Disposable {
  private ready = false;
  private queue: Out[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly webview: vscode.Webview,
    parse: (m: unknown) => In | undefined,
    onMessage: (m: In) => void | Promise<void>,
  ) {
    this.subscription = webview.onDidReceiveMessage(async (raw: unknown) => {
      const message = parse(raw);
      if (!message) {
        log().warn(`Ignored a panel message of unknown shape: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return;
      }
      if (message.type === PANEL_READY) {
        this.ready = true;
        const pending = this.queue;
        this.queue = [];
        pending.forEach((m) => void this.webview.postMessage(m));
      }
      await onMessage(message);
    });
  }

  post(message: Out): void {
    if (this.ready) void this.webview.postMessage(message);
    else this.queue.push(message);
  }

  /** A reloaded webview (e.g. moved to another group) says ready again. */
  resetReady(): void {
    this.ready = false;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
