import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMMANDS, VIEWS } from '../../extension/src/constants';
import { REPO_ROOT } from './helpers';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

test('every command constant is contributed in package.json, in the Loupe category, and vice versa', () => {
  const contributed = manifest.contributes.commands as { command: string; category: string }[];
  assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
  for (const c of contributed) assert.equal(c.category, 'Loupe', c.command);
});

test('the Loupe container contributes Experiments, Datasets and Models views, each with welcome content', () => {
  const views = manifest.contributes.views.loupe as { id: string }[];
  assert.deepEqual(views.map((v) => v.id), [VIEWS.experiments, VIEWS.datasets, VIEWS.models]);
  const welcomed = new Set((manifest.contributes.viewsWelcome as { view: string }[]).map((w) => w.view));
  for (const v of views) assert.ok(welcomed.has(v.id), `${v.id} has welcome content`);
});

test('the extension never activates on "*" and declares limited support for untrusted workspaces', () => {
  assert.ok(!(manifest.activationEvents as string[]).includes('*'));
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('better-sqlite3 stays on major 12 and tfjs-node stays optional, all @tensorflow packages at one version', () => {
  assert.match(manifest.dependencies['better-sqlite3'], /^\^12\./);
  assert.equal(manifest.dependencies['@tensorflow/tfjs-node'], undefined);
  const tf = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.devDependencies };
  const versions = new Set(Object.entries(tf).filter(([k]) => k.startsWith('@tensorflow/')).map(([, v]) => v));
  assert.equal(versions.size, 1, `one @tensorflow version, found ${[...versions].join(', ')}`);
});

test('the tracker cannot import vscode: its tsconfig has no vscode types', () => {
  const config = fs.readFileSync(path.join(REPO_ROOT, 'tracker/tsconfig.json'), 'utf8');
  assert.match(config, /"types":\s*\["node"\]/);
  const offenders = listTs(path.join(REPO_ROOT, 'tracker/src')).filter((f) => /from\s+['"]vscode['"]|require\(['"]vscode['"]\)/.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listTs(p) : p.endsWith('.ts') ? [p] : [];
  });
}
