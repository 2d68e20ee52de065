import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { profileTable } from '../../tracker/src/datasets/profile/profiler';
import { tempWorkspace } from './helpers';

const JSONL_PIECES = ['{', '}', '"a":', '"b":', '1', '-2.5e3', 'null', 'true', '"x"', '[1,2]', ',', '\n', ' ', 'NaN', '"\\u0000"', '{"a":1}\n', '{"a":"<script>"}\n', '\ufeff'];
const CSV_PIECES = ['a', 'b', ',', '"', '\n', '\r\n', '1', '2.5', '', 'NaN', '-', '\u0000', 'é', '"q""uote"'];

async function profileText(dir: string, name: string, text: string, format: 'jsonl' | 'csv') {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return profileTable(file, name, format);
}

test('JSON Lines and CSV profiles of arbitrary text never crash and report malformed rows with line numbers', async () => {
  const { root } = tempWorkspace();
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('jsonl' as const, 'csv' as const).chain((format) =>
        fc.array(fc.constantFrom(...(format === 'jsonl' ? JSONL_PIECES : CSV_PIECES)), { maxLength: 60 }).map((p) => ({ format, text: p.join('') }))),
      async ({ format, text }) => {
        const profile = await profileText(root, `t.${format}`, text, format);
        assert.ok(profile.rows >= 0);
        for (const m of profile.malformed.first) assert.ok(m.line >= 1 && m.reason.length > 0, JSON.stringify(m));
        assert.ok(profile.malformed.count >= profile.malformed.first.length);
      },
    ),
    { numRuns: 300 },
  );
});
