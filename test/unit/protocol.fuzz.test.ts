import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseComparePanelMessage } from '../../protocol/compare';
import { parseDatasetPanelMessage } from '../../protocol/dataset';
import { parseEvaluationPanelMessage } from '../../protocol/evaluation';
import { parseRunsPanelMessage } from '../../protocol/runs';

const PARSERS = { runs: parseRunsPanelMessage, compare: parseComparePanelMessage, dataset: parseDatasetPanelMessage, evaluation: parseEvaluationPanelMessage };
const TYPES = ['panel/ready', 'runs/setQuery', 'runs/open', 'runs/compare', 'runs/exportCsv', 'compare/loadSeries', 'compare/saveImage', 'dataset/openRun', 'evaluation/promote', '__proto__', 'constructor'];

/** Messages shaped roughly like real ones (a known type plus random fields), and pure noise. */
const message = fc.oneof(
  fc.record({ type: fc.constantFrom(...TYPES) }, { requiredKeys: ['type'] }).chain((base) => fc.dictionary(fc.string({ maxLength: 12 }), fc.anything(), { maxKeys: 6 }).map((extra) => ({ ...extra, ...base }))),
  fc.anything(),
);

test('every panel message validator accepts only known shapes and never throws on hostile input', () => {
  fc.assert(
    fc.property(message, (m) => {
      for (const [panel, parse] of Object.entries(PARSERS)) {
        const parsed = parse(m) as { type?: unknown } | undefined;
        if (parsed !== undefined) assert.ok(typeof parsed.type === 'string' && TYPES.includes(parsed.type), `${panel} accepted ${JSON.stringify(parsed)}`);
      }
    }),
    { numRuns: 3000 },
  );
});

test('validated messages carry only the fields their type declares', () => {
  const parsed = parseRunsPanelMessage({ type: 'runs/setQuery', query: { filter: 'x', orderBy: [], extra: 1 }, injected: '<script>' });
  assert.deepEqual(parsed, { type: 'runs/setQuery', query: { filter: 'x', orderBy: [] } });
  assert.equal(parseRunsPanelMessage({ type: 'runs/setQuery', query: { filter: 'x'.repeat(10_001), orderBy: [] } }), undefined, 'oversized filter');
  assert.equal(parseComparePanelMessage({ type: 'compare/saveImage', format: 'png', name: 'a', data: 'javascript:alert(1)' }), undefined, 'png must be a data URL');
  assert.equal(parseDatasetPanelMessage({ type: 'dataset/openRun', runId: "'; DROP TABLE runs; --" }), undefined);
  assert.equal(parseEvaluationPanelMessage({ type: 'evaluation/promote', evaluationId: 'x', overrideReason: 42 }), undefined);
});
