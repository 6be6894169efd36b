import { CommanderError } from 'commander';
import { describeErrorCode, describeFailure, errorText, message, type ErrorCode, type Lang } from '@depledger/core';
import type { ExitCode } from './exit-codes';
import { CliError } from './cli-error';

/** A failure as the command reports it: the catalogue's code, an actionable message, the error's details, the exit code. */
export type ReportedError = Readonly<{ code: ErrorCode; message: string; details: Readonly<Record<string, unknown>>; exitCode: ExitCode }>;

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** What a detail's value looks like on the line: text as written, anything else as JSON. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The error's details after the French text (`(tokenId: paris)`): the English message names them, the code's French text does not. */
const withDetails = (text: string, details: Readonly<Record<string, unknown>>, extra: readonly string[] = []): string => {
  const parts = [...Object.entries(details).map(([key, value]) => `${key} : ${shown(value)}`), ...extra];
  return parts.length === 0 ? text : `${text} ${message('fr', 'cli.error.details', { details: parts.join(', ') })}`;
};

/** Commander's own usage errors ("error: unknown option '--x'") without their prefix, plus where to look; in French, the code's text and the quoted words. */
const fromCommander = (error: CommanderError, lang: Lang): ReportedError => ({
  code: 'USAGE',
  message:
    lang === 'fr'
      ? withDetails(
          errorText('USAGE', 'fr'),
          {},
          [...error.message.matchAll(/'([^']+)'/g)].map((quoted) => `« ${quoted[1]} »`),
        )
      : `${oneLine(error.message.replace(/^error:\s*/i, ''))} — see --help.`,
  details: {},
  exitCode: describeErrorCode('USAGE')!.exitCode,
});

/** The failure's message in `lang`: the command's own when it said it in both languages, the English message in English, the code's French text (and the details) in French. */
const messageIn = (error: unknown, code: ErrorCode, english: string, details: Readonly<Record<string, unknown>>, lang: Lang): string => {
  if (error instanceof CliError && error.said !== null) return oneLine(error.said[lang]);
  if (code === 'UNEXPECTED') return message(lang, 'cli.error.bug', { message: lang === 'en' ? oneLine(english) : errorText(code, 'fr') });
  return lang === 'en' ? oneLine(english) : withDetails(errorText(code, 'fr'), details);
};

/**
 * What went wrong, for a person or a script, in `lang` (`--lang`): a stable code, an actionable
 * message and the error's details (never a secret, never a stack). The exit code is the one core's
 * error catalogue gives the code (`describeFailure`).
 */
export const describeError = (error: unknown, lang: Lang = 'en'): ReportedError => {
  if (error instanceof CommanderError) return fromCommander(error, lang);
  const failure = describeFailure(error);
  return {
    code: failure.code,
    message: messageIn(error, failure.code, failure.message, failure.details, lang),
    details: failure.details,
    exitCode: failure.exitCode,
  };
};

/**
 * Prints the failure on stderr and returns the exit code: `error CODE: message` on one line
 * (`erreur CODE : message` in French), or with `json`, one line of JSON `{ "code", "message", "details" }`.
 */
export const reportError = (
  error: unknown,
  writeErr: (text: string) => void,
  options: Readonly<{ json?: boolean; lang?: Lang }> = {},
): ExitCode => {
  const lang = options.lang ?? 'en';
  const reported = describeError(error, lang);
  if (options.json === true) writeErr(`${JSON.stringify({ code: reported.code, message: reported.message, details: reported.details })}\n`);
  else writeErr(`${message(lang, 'cli.error', { code: reported.code, message: reported.message })}\n`);
  return reported.exitCode;
};
