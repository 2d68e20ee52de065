import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { downsampleSeries } from '../../tracker/src/series/downsample';

function series(values: number[]): { steps: Float64Array; values: Float64Array; timestamps: Float64Array } {
  return {
    steps: Float64Array.from(values, (_, i) => i * 2),
    values: Float64Array.from(values),
    timestamps: Float64Array.from(values, (_, i) => 1_000 + i),
  };
}

/** Indices of the kept points in the input, recovered from their (unique) steps. */
const keptIndices = (steps: Float64Array): number[] => Array.from(steps, (s) => s / 2);

function noisy(n: number, seed = 1): number[] {
  let x = seed;
  return Array.from({ length: n }, (_, i) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return Math.sin(i / 50) + x / 2 ** 31;
  });
}

test('input no longer than the budget comes back unchanged', () => {
  const s = series([3, 1, NaN, 2]);
  const out = downsampleSeries(s.steps, s.values, s.timestamps, 4);
  assert.equal(out.downsampled, false);
  assert.equal(out.steps, s.steps);
  assert.equal(out.values, s.values);
  assert.equal(out.timestamps, s.timestamps);
  assert.equal(downsampleSeries(s.steps, s.values, s.timestamps, 1000).downsampled, false);
});

test('the output never exceeds the budget', () => {
  const s = series(noisy(10_000));
  for (const max of [5, 6, 7, 10, 99, 100, 1000, 9999]) {
    const out = downsampleSeries(s.steps, s.values, s.timestamps, max);
    assert.equal(out.downsampled, true);
    assert.ok(out.values.length <= max, `${out.values.length} > ${max}`);
    assert.ok(out.values.length >= Math.min(max, 10_000) * 0.5, `only ${out.values.length} of ${max}`);
  }
});

test('the first and last points and the global extrema are kept', () => {
  const v = noisy(5_000);
  v[1234] = 50;
  v[4321] = -50;
  const s = series(v);
  const out = downsampleSeries(s.steps, s.values, s.timestamps, 100);
  const kept = keptIndices(out.steps);
  assert.equal(kept[0], 0);
  assert.equal(kept[kept.length - 1], 4_999);
  assert.ok(kept.includes(1234));
  assert.ok(kept.includes(4321));
});

test('NaN and infinite points survive downsampling', () => {
  const v = noisy(20_000);
  v[777] = NaN;
  v[778] = NaN;
  v[9_000] = Infinity;
  v[15_000] = -Infinity;
  const s = series(v);
  const out = downsampleSeries(s.steps, s.values, s.timestamps, 200);
  const kept = keptIndices(out.steps);
  assert.ok(kept.includes(777), 'the NaN spike is kept');
  assert.ok(kept.includes(9_000) && kept.includes(15_000));
  assert.ok(out.values.some((x) => Number.isNaN(x)));
});

test('a series full of NaN still fits the budget', () => {
  const s = series(Array.from({ length: 1000 }, (_, i) => (i % 2 ? NaN : i)));
  const out = downsampleSeries(s.steps, s.values, s.timestamps, 40);
  assert.ok(out.values.length <= 40);
  assert.ok(out.values.some((x) => Number.isNaN(x)));
});

test('kept points stay in step order and keep their own step, value and time', () => {
  const s = series(noisy(3_000));
  const out = downsampleSeries(s.steps, s.values, s.timestamps, 64);
  for (let k = 0; k < out.steps.length; k++) {
    if (k > 0) assert.ok(out.steps[k] > out.steps[k - 1]);
    const i = out.steps[k] / 2;
    assert.equal(out.values[k], s.values[i]);
    assert.equal(out.timestamps[k], s.timestamps[i]);
  }
});

test('tiny budgets keep the most telling points', () => {
  const s = series([5, 1, 9, NaN, 3]);
  assert.deepEqual(keptIndices(downsampleSeries(s.steps, s.values, s.timestamps, 2).steps), [0, 4]);
  assert.deepEqual(keptIndices(downsampleSeries(s.steps, s.values, s.timestamps, 3).steps), [0, 2, 4]);
  assert.deepEqual(keptIndices(downsampleSeries(s.steps, s.values, s.timestamps, 4).steps), [0, 1, 2, 4]);
  assert.equal(downsampleSeries(s.steps, s.values, s.timestamps, 0).values.length, 0);
});

test('100,000 points come down to 1,000 in about a millisecond', () => {
  const s = series(noisy(100_000));
  for (let i = 0; i < 20; i++) downsampleSeries(s.steps, s.values, s.timestamps, 1_000);
  const runs = 50;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) downsampleSeries(s.steps, s.values, s.timestamps, 1_000);
  const perSeries = (performance.now() - t0) / runs;
  // Typically ~0.3 ms; the bound leaves room for slow CI machines.
  assert.ok(perSeries < 5, `${perSeries.toFixed(2)} ms per series`);
});

test('for any series and budget the output is a bounded, ordered subset with the essentials', () => {
  const value = fc.oneof(
    { weight: 10, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0) },
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 400 }), fc.integer({ min: 0, max: 120 }), (values, max) => {
      const s = series(values);
      const out = downsampleSeries(s.steps, s.values, s.timestamps, max);
      if (values.length <= max) {
        assert.equal(out.downsampled, false);
        assert.equal(out.values, s.values);
        return;
      }
      assert.equal(out.downsampled, true);
      assert.ok(out.values.length <= max);
      const kept = keptIndices(out.steps);
      for (let k = 1; k < kept.length; k++) assert.ok(kept[k] > kept[k - 1]);
      kept.forEach((i, k) => assert.ok(Object.is(out.values[k], values[i])));
      if (max >= 2) assert.ok(kept[0] === 0 && kept[kept.length - 1] === values.length - 1);
      const finite = values.filter((x) => !Number.isNaN(x));
      if (max >= 4 && finite.length > 0) {
        assert.ok(out.values.includes(Math.min(...finite)), 'min kept');
        assert.ok(out.values.includes(Math.max(...finite)), 'max kept');
      }
      if (max >= 5 && values.some((x) => Number.isNaN(x))) assert.ok(out.values.some((x) => Number.isNaN(x)), 'a NaN kept');
    }),
    { numRuns: 1000 },
  );
});
