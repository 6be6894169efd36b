import { langs, type Lang } from '@depledger/core';
import type { CliIo } from './cli-io';

/** The options of `argv`: what comes before a `--` that ends them. */
const optionsOf = (argv: readonly string[]): readonly string[] => {
  const end = argv.indexOf('--');
  return end === -1 ? argv : argv.slice(0, end);
};

/** The value given to `--lang` (or `--lang=`), the last one if several, read from argv before any parse; undefined when none. */
export const langWritten = (argv: readonly string[]): string | undefined => {
  const options = optionsOf(argv);
  let asked: string | undefined;
  options.forEach((arg, i) => {
    if (arg === '--lang') asked = options[i + 1];
    else if (arg.startsWith('--lang=')) asked = arg.slice('--lang='.length);
  });
  return asked;
};

/** Is `value` one of the languages depledger speaks? */
export const isLang = (value: string | undefined): value is Lang => (langs as readonly string[]).includes(value ?? '');

/**
 * The language of a run: `--lang` from argv, else DEPLEDGER_LANG, else French. Read before the parse,
 * because a failure may come before it; a language depledger does not speak (`--lang de`, itself the
 * error) falls back to the environment's, then French.
 */
export const langAsked = (argv: readonly string[], env: CliIo['env']): Lang => {
  const asked = langWritten(argv);
  return isLang(asked) ? asked : isLang(env['DEPLEDGER_LANG']) ? env['DEPLEDGER_LANG'] : 'fr';
};

/** Was `--json` given (before a `--` that ends the options)? Read from argv: a failure may come before the options are parsed. */
export const asksForJson = (argv: readonly string[]): boolean => optionsOf(argv).includes('--json');
