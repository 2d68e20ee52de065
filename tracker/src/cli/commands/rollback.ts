import { LoupeError } from '../../errors';
import { Promoter } from '../../evaluation/promotion';
import { registryAliasStore } from '../../evaluation/registryAdapter';
import type { CliCommand } from '../command';
import { withStore } from '../storeAccess';

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: "Return a model's champion alias to the version it pointed to before its latest move.",
  usage: 'loupe rollback MODEL',
  allowPositionals: true,
  run: ({ positionals }, io) => {
    if (positionals.length !== 1) throw new LoupeError('INVALID_ARGUMENT', `Name exactly one model.\nUsage: ${rollbackCommand.usage}`);
    return withStore(io, async (store) => {
      const result = await new Promoter(store.db, registryAliasStore(store.db)).rollback(positionals[0]);
      io.out(`${result.model}: champion ${result.from} → ${result.to} (${result.reason})`);
      return 0;
    });
  },
};
