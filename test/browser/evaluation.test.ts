import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { EvaluationView } from '../../protocol/evaluation';
import { launchChromium } from '../harness/browser';
import { openPanel } from '../harness/panelPage';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

function report(verdict: 'promote' | 'reject'): EvaluationView {
  return {
    type: 'evaluation/report', id: 'e'.repeat(32), createdAt: Date.now(), champion: 'penguins@champion', challenger: 'penguins@challenger',
    dataset: 'penguins-test@1', task: 'classification', primaryMetric: 'accuracy', verdict,
    reasons: [{ passed: verdict === 'promote', text: 'accuracy improved by 0.04 (95% CI 0.01 to 0.07)' }, { passed: true, text: 'latency p95 ratio 1.1 ≤ 1.5' }],
    metrics: [{ name: 'accuracy', champion: 0.9, challenger: 0.94, difference: 0.04, ciLow: 0.01, ciHigh: 0.07, higherIsBetter: true }],
    pairedTest: { name: "McNemar's exact test", statistic: 'b=2, c=9', pValue: 0.065 }, agreement: 0.93,
    flips: { rightToWrong: [{ row: 3, label: '<b>Adelie</b>', champion: 'Adelie', challenger: 'Gentoo' }], wrongToRight: [], total: 1 },
    latency: [{ model: 'champion', p50: 0.01, p95: 0.02, p99: 0.03, rowsPerSecond: 90000 }, { model: 'challenger', p50: 0.012, p95: 0.022, p99: 0.04, rowsPerSecond: 80000 }],
    slices: [{ column: 'Island', slice: 'Dream', n: 30, champion: 0.9, challenger: 0.8, regressed: true }],
    confusion: { labels: ['Adelie', 'Gentoo'], champion: [[10, 2], [1, 20]], challenger: [[11, 1], [1, 20]] },
    roc: [{ model: 'champion', fpr: [0, 0.2, 1], tpr: [0, 0.8, 1], auc: 0.8 }, { model: 'challenger', fpr: [0, 0.1, 1], tpr: [0, 0.9, 1], auc: 0.9 }],
    checks: [{ name: 'same data', passed: true, detail: 'both scored digest abc' }],
    promotable: verdict === 'promote', promoted: false,
  };
}

test('the evaluation panel leads with the verdict and its reasons, then draws the evidence', async () => {
  const panel = await openPanel(browser, 'evaluation');
  try {
    await panel.deliver(report('promote'));
    await panel.page.locator('.verdict.pass h1', { hasText: 'Promote' }).waitFor();
    assert.equal(await panel.page.locator('.reasons li').count(), 2);
    await panel.page.waitForFunction(() => document.querySelectorAll('section canvas').length === 5);
    assert.ok((await panel.page.locator('table.flips td').allTextContents()).includes('<b>Adelie</b>'), 'labels are text');
    await panel.page.locator('#promote').click();
    const sent = (await panel.sent()).filter((m) => m.type === 'evaluation/promote');
    assert.deepEqual(sent, [{ type: 'evaluation/promote', evaluationId: 'e'.repeat(32), overrideReason: null }]);
    assert.deepEqual(await panel.cspViolations(), []);
  } finally {
    await panel.close();
  }
});

test('a failed gate disables promotion unless the host allows an override', async () => {
  const panel = await openPanel(browser, 'evaluation');
  try {
    await panel.deliver(report('reject'));
    await panel.page.locator('.verdict.fail').waitFor();
    assert.equal(await panel.page.locator('#promote').isDisabled(), true);
  } finally {
    await panel.close();
  }
});
