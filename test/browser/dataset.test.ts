import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { ColumnProfileView, DatasetDiffView, DatasetProfileView } from '../../protocol/dataset';
import { launchChromium } from '../harness/browser';
import { openPanel } from '../harness/panelPage';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

const XSS = '<img src=x onerror="window.__xss=1">';

function column(name: string, numeric: boolean): ColumnProfileView {
  return {
    name, type: numeric ? 'number' : 'string', count: 100, missing: numeric ? 3 : 0, distinct: numeric ? 80 : 3,
    min: numeric ? 1 : null, max: numeric ? 9 : null, mean: numeric ? 5 : null, median: numeric ? 5 : null, std: numeric ? 2 : null,
    approximate: false, numeric, top: numeric ? [] : [{ value: XSS, count: 50 }],
    histogram: numeric ? [{ label: '1–5', start: 1, end: 5, count: 40 }, { label: '5–9', start: 5, end: 9, count: 57 }] : [{ label: XSS, count: 50 }, { label: 'b', count: 50 }],
  };
}

test('the dataset panel shows schema, histograms, missing values and correlations, with hostile names as text', async () => {
  const panel = await openPanel(browser, 'dataset');
  try {
    const profile: DatasetProfileView = {
      type: 'dataset/profile', dataset: 'penguins', version: 2, digest: 'ab'.repeat(32), message: 'second cut', createdAt: Date.now(), rows: 100,
      files: [{ path: `${XSS}.csv`, size: 10 }], columns: [column('flipper', true), column('mass', true), column(XSS, false)],
      correlations: { columns: ['flipper', 'mass'], matrix: [[1, 0.87], [0.87, 1]] }, labelGuess: XSS,
      malformed: { count: 1, examples: [{ line: 7, reason: 'expected 3 fields, found 4' }] }, runs: [],
    };
    await panel.deliver(profile);
    await panel.page.locator('h1', { hasText: 'penguins v2' }).waitFor();
    await panel.page.waitForFunction(() => document.querySelectorAll('.small-multiples canvas').length === 3);
    assert.equal(await panel.page.locator('section canvas').count(), 5, '3 histograms, missing values, correlations');
    assert.match(await panel.page.locator('.error').textContent() ?? '', /line 7: expected 3 fields, found 4/);
    assert.ok((await panel.page.locator('table.schema td').allTextContents()).includes(XSS));
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.deepEqual(await panel.cspViolations(), []);
  } finally {
    await panel.close();
  }
});

test('the dataset diff view lists file and schema changes and charts drift', async () => {
  const panel = await openPanel(browser, 'dataset');
  try {
    const diff: DatasetDiffView = {
      type: 'dataset/diff', dataset: 'penguins', from: 1, to: 2,
      files: { added: ['extra.csv'], removed: [], changed: ['penguins.csv'] }, rows: { from: 344, to: 360 },
      schema: { added: ['Year'], removed: [], typeChanged: [{ name: 'Sex', from: 'string', to: 'boolean' }] },
      drift: [{ column: 'Body Mass (g)', statistic: 'PSI', value: 0.31, flagged: true }, { column: 'Flipper Length (mm)', statistic: 'PSI', value: 0.02, flagged: false }],
    };
    await panel.deliver(diff);
    await panel.page.locator('h1', { hasText: 'penguins: v1 → v2' }).waitFor();
    await panel.page.waitForSelector('section canvas');
    const text = await panel.page.locator('#app').textContent();
    assert.match(text ?? '', /rows: 344 → 360/);
    assert.match(text ?? '', /Sex: string → boolean/);
    assert.match(text ?? '', /changed \(1\)penguins\.csv/);
  } finally {
    await panel.close();
  }
});
