import { CommanderError } from 'commander';
import { createKit, type RunState } from './commands/kit';
import { exitCodes, type ExitCode } from './errors/exit-codes';
import { reportError } from './errors/report-error';
import { createProgram } from './program';
import { asksForJson, langAsked } from './runtime/asked-lang';
import { processIo, type CliIo } from './runtime/cli-io';

/**
 * Runs the `depledger` command with `argv` (the arguments after the program name) and resolves
 * with its exit code. Errors are printed on stderr as one `error CODE: message` line, or with
 * `--json` as one line of JSON (`code`, `message`, `details`), never thrown.
 */
export const run = async (argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> => {
  const state: RunState = { exitCode: exitCodes.ok };
  const kit = createKit(io, state);
  const lang = langAsked(argv, io.env);
  try {
    await createProgram(kit, lang).parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    // --help and --version end the parse with a CommanderError whose exit code is 0.
    if (error instanceof CommanderError && error.exitCode === 0) return exitCodes.ok;
    if (error instanceof CommanderError && error.code === 'commander.help') return exitCodes.usage;
    return reportError(error, io.stderr, { json: asksForJson(argv), lang });
  }
};
