// Bundles the integration suite for the extension host: .test-output/integration/{index,*.test}.js.
// mocha and the editor stay external (the host provides vscode; mocha loads from node_modules).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dir = path.join(root, 'test/integration');
const entries = fs.readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts') || f.endsWith('.bench.ts'));
const outdir = path.join(root, '.test-output/integration');
fs.rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: entries.map((f) => path.join(dir, f)),
  outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
  external: ['vscode', 'mocha', 'better-sqlite3', '@tensorflow/*'], logLevel: 'warning',
});
console.log(`built ${entries.length} integration files`);
