import type { CliIo } from '../runtime/cli-io';
import { asksForJson, langAsked } from '../runtime/asked-lang';
import { reportError } from './report-error';

/**
 * A failure that escaped `run` (which reports its own): said like any other, in the language the
 * command line asked for (`--lang`, DEPLEDGER_LANG, else French) and as JSON with `--json`. Returns 1.
 */
export const reportEscapedFailure = (error: unknown, argv: readonly string[], env: CliIo['env'], writeErr: (text: string) => void): 1 => {
  reportError(error, writeErr, { json: asksForJson(argv), lang: langAsked(argv, env) });
  return 1;
};
