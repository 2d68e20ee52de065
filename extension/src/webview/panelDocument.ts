/**
 * The HTML of every panel, as a pure function so browser tests can serve the same document:
 * a strict CSP (scripts only with this load's nonce, no eval, styles only from the extension or with
 * the nonce, local resources only), codicons, the shared stylesheet and the panel's bundle.
 */
export interface PanelDocumentOptions {
  /** The webview's resource origin (VS Code's `webview.cspSource`). */
  cspSource: string;
  nonce: string;
  /** URL of a file under dist/, e.g. asset('webview', 'runs.js'). */
  asset: (...parts: string[]) => string;
  bundle: string;
  title: string;
}

export function panelDocument(o: PanelDocumentOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data: blob:`,
    `font-src ${o.cspSource}`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${o.asset('media', 'codicon.css')}" nonce="${o.nonce}">
<link rel="stylesheet" href="${o.asset('webview', 'panel.css')}" nonce="${o.nonce}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="app" role="main" aria-busy="true"></div>
<script nonce="${o.nonce}" src="${o.asset('webview', `${o.bundle}.js`)}"></script>
</body>
</html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
