import { formatTable } from '../cli/format';
import { num, pValue } from './numbers';
import type { EvaluationReport } from './report';

/** The report for a terminal: verdict and every reason first, then the figures behind them. */
export function reportText(r: EvaluationReport, reportHash?: string): string {
  const lines: string[] = [];
  lines.push(`${r.verdict === 'promote' ? 'PROMOTE' : 'REJECT'}: challenger ${r.challenger.ref} vs champion ${r.champion.ref} on ${r.dataset.ref} (${r.dataset.rows} rows, ${r.task}, ${r.policy.mode} on ${r.policy.primaryMetric})`);
  for (const reason of r.reasons) lines.push(`  ${reason.passed ? '✓' : '✗'} ${reason.sentence}`);
  lines.push('');
  const pct = Math.round(r.bootstrap.confidence * 100);
  const rows = Object.keys(r.metrics.champion).map((m) => {
    const d = r.bootstrap.differences[m];
    return [m, num(r.metrics.champion[m]), num(r.metrics.challenger[m]), num(d?.estimate), d && d.lo !== null ? `[${num(d.lo)}, ${num(d.hi)}]` : 'n/a'];
  });
  lines.push(formatTable(['metric', 'champion', 'challenger', 'difference', `${pct}% CI`], rows));
  lines.push(`(paired bootstrap, ${r.bootstrap.resamples} resamples, seed ${r.seed}; difference = challenger − champion)`);
  for (const note of r.bootstrap.notes) lines.push(`note: ${note}`);
  lines.push('');
  if (r.tests.mcnemar) {
    const { b, c, p } = r.tests.mcnemar;
    lines.push(`agreement ${num(r.agreement.rate)}; flips: ${b} right→wrong, ${c} wrong→right; McNemar exact p = ${pValue(p)}`);
  }
  if (r.tests.wilcoxon) {
    const w = r.tests.wilcoxon;
    lines.push(`agreement ${num(r.agreement.rate)}; Wilcoxon signed-rank on absolute errors: n = ${w.n}, z = ${num(w.z)}, p = ${pValue(w.p)}`);
  }
  const lat = (role: 'champion' | 'challenger') => {
    const l = r.latency[role];
    return [role, num(l.perRowMs.p50), num(l.perRowMs.p95), num(l.perRowMs.p99), num(l.perBatchMs.p50), num(l.perBatchMs.p95), num(Math.round(l.throughput))];
  };
  lines.push('');
  lines.push(formatTable(['latency', 'row p50 ms', 'row p95 ms', 'row p99 ms', 'batch p50 ms', 'batch p95 ms', 'rows/s'], [lat('champion'), lat('challenger')]));
  lines.push(`(batches of ${r.latency.batchSize} rows)`);
  const flagged = r.slices.slices.filter((s) => s.regressed);
  if (flagged.length) {
    lines.push('');
    lines.push(`slices where the challenger is worse (${r.slices.metric}):`);
    lines.push(formatTable(['column', 'slice', 'n', 'champion', 'challenger'], flagged.map((s) => [s.column, s.value, s.n, num(s.champion), num(s.challenger)])));
  }
  lines.push('');
  lines.push(`evaluation ${r.id}${reportHash ? `; report object ${reportHash}` : ''}`);
  return lines.join('\n');
}
