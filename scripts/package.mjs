// `npm run package`: a production build, then a .vsix holding only what runs (see .vscodeignore).
// Training bundles tfjs into its worker and ships the wasm backend's binaries in dist/wasm, so no
// node_modules besides the native SQLite driver is needed at run time.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${manifest.name}-${manifest.version}.vsix`);

run(process.execPath, ['--import', 'tsx', 'scripts/gen-python-schema.ts']);
run(process.execPath, ['scripts/build.mjs', '--production']);
// The native SQLite driver is the only package needed at run time: its few files go into
// dist/node_modules, where `require('better-sqlite3')` from dist/*.js finds them first.
const vendor = path.join(root, 'dist', 'node_modules');
const copy = (pkg, files) => {
  for (const f of files) {
    const from = path.join(root, 'node_modules', pkg, f);
    const to = path.join(vendor, pkg, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(from, to, { recursive: true });
  }
};
copy('better-sqlite3', ['package.json', 'lib', 'build/Release/better_sqlite3.node', 'LICENSE']);
copy('bindings', ['package.json', 'bindings.js', 'LICENSE.md']);
copy('file-uri-to-path', ['package.json', 'index.js', 'LICENSE']);
// No published repository to point the README's relative links and screenshots at: keep them as they are.
// --no-dependencies: vsce would otherwise add every production package of node_modules.
run(path.join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', out]);
console.log(`packaged ${path.relative(root, out)} (${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MiB)`);
