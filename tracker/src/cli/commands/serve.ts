import * as path from 'node:path';
import { LoupeError } from '../../errors';
import { LOOPBACK_HOST, startServer } from '../../server/server';
import { TOKEN_FILE_NAME } from '../../server/security';
import { findLoupeDir } from '../../workspace';
import type { CliCommand } from '../command';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run an MLflow-compatible tracking server for this workspace on 127.0.0.1 until Ctrl+C.',
  usage: 'loupe serve [--port N] [--token T]',
  details: [
    'Every request needs "Authorization: Bearer <token>"; MLflow clients send MLFLOW_TRACKING_TOKEN.',
    `Without --token the workspace token in .loupe/${TOKEN_FILE_NAME} is used (created on first start).`,
    'Examples:',
    '  loupe serve --port 5000',
    `  MLFLOW_TRACKING_URI=http://${LOOPBACK_HOST}:5000 MLFLOW_TRACKING_TOKEN=$(cat .loupe/${TOKEN_FILE_NAME}) python train.py`,
  ].join('\n'),
  options: {
    port: { type: 'string', short: 'p', default: '0' },
    token: { type: 'string' },
    host: { type: 'string' },
  },
  async run({ values }, io) {
    const port = Number(values.port);
    if (!/^\d+$/.test(String(values.port)) || port > 65535) throw new LoupeError('INVALID_ARGUMENT', `--port must be a number from 0 to 65535, not "${values.port}".`);
    const loupeDir = findLoupeDir(io.cwd, io.env);
    const server = await startServer({
      loupeDir,
      port,
      token: values.token as string | undefined,
      host: values.host as string | undefined,
      onError: (e) => io.err(`loupe serve: ${(e as Error)?.stack ?? String(e)}`),
    });
    io.out(`Loupe server listening on ${server.url}`);
    io.out(`  export MLFLOW_TRACKING_URI=${server.url}`);
    io.out(values.token ? '  export MLFLOW_TRACKING_TOKEN=<the --token you gave>' : `  export MLFLOW_TRACKING_TOKEN=$(cat ${JSON.stringify(path.join(loupeDir, TOKEN_FILE_NAME))})`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    io.out('Loupe server stopped.');
    return 0;
  },
};
