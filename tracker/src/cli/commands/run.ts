import { LoupeError } from '../../errors';
import { lineSplitter } from '../../training/events';
import { onParentSignals } from '../../training/processTree';
import { runScript } from '../../training/runScript';
import { findLoupeDir } from '../../workspace';
import type { CliCommand } from '../command';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run any command as a run: output saved as an artifact, exit status recorded, args as params.',
  usage: 'loupe run [--experiment E] [--name N] [--parse-args] [--tracking-uri URI] [--token T] -- COMMAND [ARGS...]',
  details: [
    'The command sees LOUPE_RUN_ID and LOUPE_DIR, so a Loupe client inside it logs to this run.',
    'Exit 0 → finished, non-zero → failed, a signal or Ctrl-C → killed. loupe exits with the command\'s code.',
    'Example:',
    '  loupe run --experiment penguins --parse-args -- python train.py --lr 0.01 --epochs=20',
  ].join('\n'),
  options: {
    experiment: { type: 'string', short: 'e' },
    name: { type: 'string' },
    'parse-args': { type: 'boolean' },
    'tracking-uri': { type: 'string' },
    token: { type: 'string' },
  },
  allowPositionals: true,
  run: async ({ values, positionals }, io) => {
    if (positionals.length === 0) throw new LoupeError('INVALID_ARGUMENT', `Name a command after --.\nUsage: ${runCommand.usage}`);
    const stop = new AbortController();
    const release = onParentSignals(() => stop.abort());
    // io.out/io.err print whole lines; the command's output arrives in arbitrary chunks.
    const lines = { stdout: lineSplitter(io.out), stderr: lineSplitter(io.err) };
    try {
      const result = await runScript(positionals, {
        loupeDir: findLoupeDir(io.cwd, io.env),
        cwd: io.cwd,
        experiment: values.experiment as string | undefined,
        name: values.name as string | undefined,
        parseArgs: values['parse-args'] === true,
        trackingUri: (values['tracking-uri'] as string | undefined) ?? io.env.LOUPE_TRACKING_URI,
        token: (values.token as string | undefined) ?? io.env.LOUPE_TRACKING_TOKEN,
        env: io.env,
        signal: stop.signal,
        onOutput: (text, stream) => lines[stream].push(text),
      });
      lines.stdout.end();
      lines.stderr.end();
      io.err(`loupe run: ${result.runId} ${result.status}${result.exitCode !== null ? ` (exit code ${result.exitCode})` : result.signal ? ` (${result.signal})` : ''}`);
      return result.exitCode ?? 1;
    } finally {
      release();
    }
  },
};
