import * as os from 'node:os';
import { LoupeError } from '../errors';
import type { SqliteDatabase } from '../store/database';
import type { AliasStore } from './aliasStore';
import { getEvaluation, latestEvaluation, listEvaluations, type EvaluationRecord } from './repo';

export const CHAMPION_ALIAS = 'champion';

export interface PromotionResult {
  model: string;
  from: string | undefined;
  to: string;
  evaluationId: string | undefined;
  overridden: boolean;
  reason: string;
}

/** `MODEL@VERSION` → its parts; anything else (e.g. `cmd:…`) is not a registered model version. */
export function parseModelRef(ref: string): { model: string; version: string } | undefined {
  const at = ref.lastIndexOf('@');
  if (ref.startsWith('cmd:') || at <= 0 || at === ref.length - 1) return undefined;
  return { model: ref.slice(0, at), version: ref.slice(at + 1) };
}

/**
 * Moves a model's `champion` alias, but only on evidence: the LATEST evaluation of the same
 * champion/challenger pair on the same data (by digest) must have passed the gate, and it must have
 * been run against the current champion. An explicit override skips the evidence and records why.
 */
export class Promoter {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly aliases: AliasStore,
    private readonly actor: string = safeUser(),
  ) {}

  async promote(model: string, options: { evaluationId?: string; version?: string; override?: { reason: string } } = {}): Promise<PromotionResult> {
    const override = options.override;
    if (override && !override.reason.trim()) throw new LoupeError('INVALID_ARGUMENT', 'An override needs a reason; it is recorded with the alias change.');
    const evaluation = options.evaluationId !== undefined ? getEvaluation(this.db, options.evaluationId) : listEvaluations(this.db, { challengerOf: model, limit: 1 })[0];
    const current = await this.aliases.get(model, CHAMPION_ALIAS);
    let target = options.version;
    if (evaluation) {
      const challenger = parseModelRef(evaluation.challenger);
      if (!challenger || challenger.model !== model) {
        throw new LoupeError('INVALID_ARGUMENT', `Evaluation ${evaluation.id} tested ${evaluation.challenger}, which is not a version of the model "${model}".`);
      }
      if (target !== undefined && target !== challenger.version) {
        throw new LoupeError('INVALID_ARGUMENT', `Evaluation ${evaluation.id} tested ${evaluation.challenger}, not version ${target}.`);
      }
      target = challenger.version;
    }
    if (target === undefined) {
      throw new LoupeError('NOT_FOUND', `No evaluation of a challenger for "${model}" is recorded. Run \`loupe eval\` first${override ? ', or name the version to promote' : ', or promote with an override reason'}.`);
    }
    if (!override) this.requirePassing(model, evaluation!, current);
    const reason = override
      ? `override: ${override.reason.trim()}${evaluation ? ` (evaluation ${evaluation.id} verdict: ${evaluation.verdict})` : ''}`
      : `evaluation ${evaluation!.id} passed the gate`;
    await this.aliases.set(model, CHAMPION_ALIAS, target, { actor: this.actor, reason });
    return { model, from: current, to: target, evaluationId: evaluation?.id, overridden: !!override, reason };
  }

  /** Returns the champion alias to the version it held before its latest move. */
  async rollback(model: string): Promise<PromotionResult> {
    const current = await this.aliases.get(model, CHAMPION_ALIAS);
    const previous = await this.aliases.previous(model, CHAMPION_ALIAS);
    if (current === undefined) throw new LoupeError('NOT_FOUND', `The model "${model}" has no champion to roll back.`);
    if (previous === undefined) throw new LoupeError('NOT_FOUND', `The champion of "${model}" (version ${current}) has no previous version to return to.`);
    const reason = `rollback from version ${current}`;
    await this.aliases.set(model, CHAMPION_ALIAS, previous, { actor: this.actor, reason });
    return { model, from: current, to: previous, evaluationId: undefined, overridden: false, reason };
  }

  private requirePassing(model: string, evaluation: EvaluationRecord, current: string | undefined): void {
    const latest = latestEvaluation(this.db, evaluation);
    if (latest && latest.id !== evaluation.id) {
      throw new LoupeError('CONFLICT', `Evaluation ${evaluation.id} is not the latest of ${evaluation.challenger} against ${evaluation.champion} on this data: ${latest.id} is newer (verdict: ${latest.verdict}). Promotion follows the latest evaluation.`);
    }
    if (evaluation.verdict !== 'promote') {
      throw new LoupeError('CONFLICT', `The latest evaluation of ${evaluation.challenger} against ${evaluation.champion} (${evaluation.id}) rejected the challenger; see its reasons with \`loupe eval\` output, or promote with an override reason.`);
    }
    const champion = parseModelRef(evaluation.champion);
    if (current !== undefined && !(champion && champion.model === model && champion.version === current)) {
      throw new LoupeError('CONFLICT', `Evaluation ${evaluation.id} compared against ${evaluation.champion}, but the champion of "${model}" is now version ${current}; evaluate against the current champion first.`);
    }
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
