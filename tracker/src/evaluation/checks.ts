import { hashNormalised, trainingMembership, type TrainingRows } from './dataset';
import type { ColumnType, InputColumn, ModelAdapter } from './types';

export interface CheckResult {
  name: 'dataset_digest' | 'leakage' | 'input_schema';
  passed: boolean;
  /** True when there was nothing to check with (it then passes, and says so). */
  skipped?: boolean;
  sentence: string;
  details?: Record<string, unknown>;
}

/** Each model's digest is recomputed from the rows it was actually given, in the order it got them. */
export function digestCheck(dataset: string, champion: string, challenger: string): CheckResult {
  const passed = champion === dataset && challenger === dataset;
  return {
    name: 'dataset_digest',
    passed,
    sentence: passed
      ? `Both models scored the same rows in the same order (dataset digest ${short(dataset)}).`
      : `The models did not score the same rows: dataset ${short(dataset)}, champion ${short(champion)}, challenger ${short(challenger)}.`,
    details: { dataset, champion, challenger },
  };
}

function short(digest: string): string {
  return digest.slice(0, 12);
}

export type TrainingRowsByModel = { champion?: TrainingRows; challenger?: TrainingRows };

/** Held-out rows (normalised, see `normaliseRow`) found among either model's training rows; `rowIndex` maps positions to row numbers. */
export function leakageCheck(normalised: readonly string[], rowIndex: Int32Array, training: TrainingRowsByModel | undefined): CheckResult {
  const roles = (['champion', 'challenger'] as const).filter((r) => training?.[r] !== undefined);
  if (roles.length === 0) {
    return { name: 'leakage', passed: true, skipped: true, sentence: 'Leakage was not checked: no training row hashes were given for either model.' };
  }
  const hashes = normalised.map(hashNormalised);
  const leaked: Record<string, number[]> = {};
  for (const role of roles) {
    const has = trainingMembership(training![role]!);
    const rows: number[] = [];
    for (let i = 0; i < rowIndex.length; i++) if (has(hashes[i])) rows.push(rowIndex[i]);
    leaked[role] = rows;
  }
  const parts = roles.filter((r) => leaked[r].length).map((r) => `${leaked[r].length} held-out row(s) are in the ${r}'s training data (rows ${preview(leaked[r])})`);
  const unchecked = (['champion', 'challenger'] as const).filter((r) => !roles.includes(r));
  const note = unchecked.length ? ` The ${unchecked.join(' and ')}'s training rows were not given.` : '';
  return parts.length
    ? { name: 'leakage', passed: false, sentence: `Leakage: ${parts.join('; ')}.${note}`, details: leaked }
    : { name: 'leakage', passed: true, sentence: `No held-out row appears in the ${roles.join(' or ')}'s training data.${note}`, details: leaked };
}

function preview(rows: number[]): string {
  return rows.length > 10 ? `${rows.slice(0, 10).join(', ')}, …` : rows.join(', ');
}

/**
 * The columns each model declares exist in the held-out data with a compatible type (a text input
 * accepts anything, numbers and booleans need exactly that), and none of them is the label.
 */
export function schemaCheck(models: { role: 'champion' | 'challenger'; adapter: ModelAdapter }[], types: Record<string, ColumnType>, labelColumn: string): CheckResult {
  const problems: string[] = [];
  const declared = models.filter((m) => m.adapter.inputSchema);
  for (const { role, adapter } of declared) {
    for (const col of adapter.inputSchema as InputColumn[]) {
      if (col.name === labelColumn) problems.push(`the ${role} reads the label column "${col.name}", which would give it the answer`);
      else if (!(col.name in types)) problems.push(`the ${role} needs the column "${col.name}", which the data does not have`);
      else if (col.type !== 'string' && types[col.name] !== col.type) problems.push(`the ${role} needs "${col.name}" as ${col.type}, but the data holds ${types[col.name]} values`);
    }
  }
  if (problems.length) return { name: 'input_schema', passed: false, sentence: `Input schema mismatch: ${problems.join('; ')}.` };
  if (declared.length === 0) return { name: 'input_schema', passed: true, skipped: true, sentence: 'Input schemas were not checked: neither model declares the columns it reads.' };
  const who = declared.length === 2 ? 'both models' : `the ${declared[0].role}`;
  const missing = declared.length === 1 ? ` (the ${declared[0].role === 'champion' ? 'challenger' : 'champion'} declares none)` : '';
  return { name: 'input_schema', passed: true, sentence: `The data has every column ${who} declare${declared.length === 2 ? '' : 's'}, with compatible types${missing}.` };
}
