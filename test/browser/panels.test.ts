import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { openPanel } from '../harness/panelPage';
import { compareSeries, compareSnapshot, runRow, runsSnapshot } from './fixtures';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

test('the runs panel says ready first, then draws only the rows in view of 10,000 runs', async () => {
  const panel = await openPanel(browser, 'runs');
  try {
    assert.deepEqual((await panel.sent())[0], { type: 'panel/ready' });
    await panel.deliver(runsSnapshot(Array.from({ length: 10_000 }, (_, i) => runRow(i))));
    await panel.page.waitForSelector('.grid-row');
    const rendered = await panel.page.locator('.grid-row').count();
    assert.ok(rendered > 10 && rendered < 200, `${rendered} rows in the DOM`);
    assert.equal(await panel.page.locator('#count').textContent(), '10000 of 10000 runs');
    await panel.page.locator('.grid-viewport').evaluate((v) => (v.scrollTop = v.scrollHeight));
    await panel.page.locator('.grid-row', { hasText: 'run-9999' }).waitFor({ timeout: 5000 });
  } finally {
    await panel.close();
  }
});

test('hostile run names, params and tags are shown as text and run no script', async () => {
  const panel = await openPanel(browser, 'runs');
  try {
    await panel.deliver(runsSnapshot([runRow(1, { name: XSS, experiment: XSS, params: { [XSS]: XSS }, tags: { t: XSS } })]));
    await panel.page.locator('.grid-row .cell', { hasText: 'onerror' }).first().waitFor();
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await panel.page.locator('.grid-row img, .grid-row script, .grid-header img').count(), 0);
    const names = await panel.page.locator('.grid-row .cell').allTextContents();
    assert.ok(names.includes(XSS), 'the payload is visible verbatim');
  } finally {
    await panel.close();
  }
});

test('the compare panel draws curves, parallel coordinates and a diff that escapes hostile text', async () => {
  const panel = await openPanel(browser, 'compare');
  try {
    const runs = Array.from({ length: 3 }, (_, i) => runRow(i, i === 2 ? { name: XSS, params: { lr: XSS, layers: '1' } } : {}));
    await panel.deliver(compareSnapshot(runs));
    const loads = (await panel.sent()).filter((m) => m.type === 'compare/loadSeries');
    assert.deepEqual(loads.map((m) => m.key).sort(), ['acc', 'loss'], 'asks for the default metrics');
    for (const key of ['acc', 'loss']) await panel.deliver(compareSeries(runs, key, 200));
    await panel.page.waitForSelector('#curves .chart canvas');
    await panel.page.waitForSelector('#parallel .chart canvas');
    const differs = await panel.page.locator('table.diff tr.differs th').allTextContents();
    assert.ok(differs.includes('params.lr') && differs.includes('params.layers'));
    assert.ok((await panel.page.locator('table.diff td').allTextContents()).includes(XSS));
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.deepEqual(await panel.cspViolations(), [], 'vega runs without eval under the strict CSP');
  } finally {
    await panel.close();
  }
});

test('a live patch updates the shown rows in place without a new snapshot', async () => {
  const panel = await openPanel(browser, 'runs');
  try {
    await panel.deliver(runsSnapshot([runRow(1), runRow(2)]));
    await panel.page.locator('.grid-row', { hasText: 'run-2' }).waitFor();
    const live = runRow(2, { status: 'running', metrics: { loss: { last: 0.123456, min: 0.1, max: 1, mean: 0.5, count: 7 }, acc: { last: 0.5, min: 0, max: 1, mean: 0.5, count: 7 } } });
    await panel.deliver({ type: 'runs/patch', rows: [live] });
    await panel.page.locator('.grid-row', { hasText: '0.12346' }).waitFor({ timeout: 5000 });
    assert.equal(await panel.page.locator('.grid-row').count(), 2);
  } finally {
    await panel.close();
  }
});

test('the runs table works from the keyboard: arrows move, Space selects, Ctrl+Enter compares, Enter opens', async () => {
  const panel = await openPanel(browser, 'runs');
  try {
    await panel.deliver(runsSnapshot([runRow(1), runRow(2), runRow(3)]));
    await panel.page.locator('.grid-row', { hasText: 'run-1' }).waitFor();
    await panel.page.locator('.grid-viewport').focus();
    await panel.page.keyboard.press('Space');
    await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press('Space');
    assert.equal(await panel.page.locator('.grid-row.selected').count(), 2);
    await panel.page.keyboard.press('Control+Enter');
    await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press('Enter');
    const sent = (await panel.sent()).filter((m) => m.type === 'runs/compare' || m.type === 'runs/open');
    assert.deepEqual(sent, [{ type: 'runs/compare', runIds: [runRow(1).id, runRow(2).id] }, { type: 'runs/open', runId: runRow(3).id }]);
  } finally {
    await panel.close();
  }
});

test('pages of a large table append in order; a page of an older snapshot is dropped', async () => {
  const panel = await openPanel(browser, 'runs');
  try {
    const first = { ...runsSnapshot([runRow(1), runRow(2)]), total: 4, generation: 7 };
    await panel.deliver(first);
    await panel.page.locator('.grid-row', { hasText: 'run-2' }).waitFor();
    await panel.deliver({ type: 'runs/append', generation: 6, rows: [runRow(99)], paramKeys: [], metricKeys: [] });
    await panel.deliver({ type: 'runs/append', generation: 7, rows: [runRow(3), runRow(4, { params: { extra: 'x' } })], paramKeys: ['extra'], metricKeys: [] });
    await panel.page.locator('.grid-row', { hasText: 'run-4' }).waitFor();
    assert.equal(await panel.page.locator('#count').textContent(), '4 of 4 runs');
    assert.equal(await panel.page.locator('.grid-row', { hasText: 'run-99' }).count(), 0, 'the stale page was dropped');
    await panel.page.locator('.grid-header .cell', { hasText: 'extra' }).waitFor({ timeout: 5000 });
  } finally {
    await panel.close();
  }
});
