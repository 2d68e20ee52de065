import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelDocument } from './panelDocument';

/** A panel's HTML for this webview, with a fresh nonce per load. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string): string {
  return panelDocument({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    asset: (...p) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...p)).toString(),
    bundle,
    title,
  });
}
