// Builds every bundle with esbuild: the extension host, one browser bundle per panel, the tracker CLI.
// `--production` minifies and drops source maps (what the .vsix ships); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');

/** Webview panels: each gets dist/webview/<name>.js from webview-ui/src/<name>/main.ts. */
const PANELS = fs.readdirSync(path.join(root, 'webview-ui/src')).filter((d) => fs.existsSync(path.join(root, 'webview-ui/src', d, 'main.ts')));

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', absWorkingDir: root };
// Native and heavy runtime packages stay outside the bundle and load from node_modules.
const nodeExternal = ['vscode', 'better-sqlite3', '@tensorflow/*'];

const builds = [
  { ...common, entryPoints: { extension: 'extension/src/extension.ts', features: 'extension/src/features.ts' }, outdir: dist, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { ...common, entryPoints: { cli: 'tracker/src/cli/bin.ts' }, outdir: dist, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  ...(fs.existsSync(path.join(root, 'tracker/src/workers'))
    ? [{ ...common, entryPoints: Object.fromEntries(fs.readdirSync(path.join(root, 'tracker/src/workers')).filter((f) => f.endsWith('Worker.ts')).map((f) => [`workers/${f.replace(/\.ts$/, '')}`, `tracker/src/workers/${f}`])), outdir: dist, platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal }]
    : []),
  {
    ...common,
    entryPoints: Object.fromEntries(PANELS.map((p) => [`webview/${p}`, `webview-ui/src/${p}/main.ts`])),
    outdir: dist, platform: 'browser', format: 'iife', target: 'es2022',
  },
];

function copyAssets() {
  fs.mkdirSync(path.join(dist, 'media'), { recursive: true });
  fs.mkdirSync(path.join(dist, 'webview'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(path.join(root, 'node_modules/@vscode/codicons/dist', f), path.join(dist, 'media', f));
  }
  fs.copyFileSync(path.join(root, 'webview-ui/styles/panel.css'), path.join(dist, 'webview', 'panel.css'));
}

fs.rmSync(dist, { recursive: true, force: true });
copyAssets();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const size = fs.statSync(path.join(dist, 'extension.js')).size;
  console.log(`built ${builds.length} bundle groups (${PANELS.length} panels); extension.js ${(size / 1024).toFixed(0)} KiB${production ? ' (production)' : ''}`);
}
