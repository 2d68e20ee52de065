import { LoupeError } from '../../errors';
import { Promoter } from '../../evaluation/promotion';
import { registryAliasStore } from '../../evaluation/registryAdapter';
import type { CliCommand } from '../command';
import { withStore } from '../storeAccess';

export const promoteCommand: CliCommand = {
  name: 'promote',
  summary: "Move a model's champion alias to the challenger whose latest evaluation passed (or override, with a reason).",
  usage: 'loupe promote MODEL [--evaluation ID] [--version V] [--override-reason TEXT]',
  details: [
    'Without --evaluation, the latest evaluation of a challenger of MODEL is used. Promotion is refused unless the latest',
    'evaluation of that champion/challenger pair on that data passed the gate; --override-reason promotes anyway and records why.',
  ].join('\n'),
  options: {
    evaluation: { type: 'string' },
    version: { type: 'string' },
    'override-reason': { type: 'string' },
  },
  allowPositionals: true,
  run: ({ values, positionals }, io) => {
    if (positionals.length !== 1) throw new LoupeError('INVALID_ARGUMENT', `Name exactly one model.\nUsage: ${promoteCommand.usage}`);
    return withStore(io, async (store) => {
      const reason = values['override-reason'] as string | undefined;
      const result = await new Promoter(store.db, registryAliasStore(store.db)).promote(positionals[0], {
        evaluationId: values.evaluation as string | undefined,
        version: values.version as string | undefined,
        override: reason === undefined ? undefined : { reason },
      });
      io.out(`${result.model}: champion ${result.from ?? '(none)'} → ${result.to} (${result.reason})`);
      return 0;
    });
  },
};
