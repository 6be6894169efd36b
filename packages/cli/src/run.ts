import { CommanderError } from 'commander';
import { langs, type Lang } from '@depledger/core';
import { createKit, type RunState } from './commands/kit';
import { exitCodes, type ExitCode } from './errors/exit-codes';
import { reportError } from './errors/report-error';
import { createProgram } from './program';
import { processIo, type CliIo } from './runtime/cli-io';

/** Was `--json` given (before a `--` that ends the options)? Read from argv: a failure may come before the options are parsed. */
const asksForJson = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
};

/**
 * The language of the run: `--lang` (or `--lang=`) from argv, else DEPLEDGER_LANG, else French — the
 * same choice commander makes, read here because `--help` is built in it and a failure may come before the parse.
 */
const langOf = (argv: readonly string[], env: CliIo['env']): Lang => {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  let asked: string | undefined;
  options.forEach((arg, i) => {
    if (arg === '--lang') asked = options[i + 1];
    else if (arg.startsWith('--lang=')) asked = arg.slice('--lang='.length);
  });
  // a language depledger does not speak (`--lang de`, itself the error) falls back to the environment's, then French
  const known = (value: string | undefined): value is Lang => (langs as readonly string[]).includes(value ?? '');
  return known(asked) ? asked : known(env['DEPLEDGER_LANG']) ? env['DEPLEDGER_LANG'] : 'fr';
};

/**
 * Runs the `depledger` command with `argv` (the arguments after the program name) and resolves
 * with its exit code. Errors are printed on stderr as one `error CODE: message` line, or with
 * `--json` as one line of JSON (`code`, `message`, `details`), never thrown.
 */
export const run = async (argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> => {
  const state: RunState = { exitCode: exitCodes.ok };
  const kit = createKit(io, state);
  const lang = langOf(argv, io.env);
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
