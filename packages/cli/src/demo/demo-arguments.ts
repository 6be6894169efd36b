import { parseArgs } from 'node:util';
import { message, type Lang } from '@depledger/core';
import { isLang, langAsked, langWritten } from '../runtime/asked-lang';
import type { CliIo } from '../runtime/cli-io';

/** A demo script's options (`node:util` parseArgs' shape): strings and booleans. */
type Options = Readonly<Record<string, Readonly<{ type: 'string' | 'boolean'; default?: string | boolean }>>>;

/** What a demo script was asked, or the usage error to print (exit code 2). */
export type DemoArguments =
  | Readonly<{ ok: true; lang: Lang; values: Readonly<Record<string, string | boolean | undefined>> }>
  | Readonly<{ ok: false; lang: Lang; said: string }>;

/** `erreur USAGE : …` in one language. */
const usageLine = (lang: Lang, text: string): string => message(lang, 'cli.error', { code: 'USAGE', message: text });

/** The argument parseArgs names in its complaint (`Unknown option '--bogus'`), or the whole complaint. */
const quotedArgument = (complaint: string): string => /'([^']+)'/.exec(complaint)?.[1] ?? complaint;

/**
 * Reads the arguments of `pnpm demo` or `pnpm demo:console` (`pnpm demo -- --lang en` hands over the
 * `--`: it is skipped). The language is `--lang`, else DEPLEDGER_LANG, else French, as for `depledger`;
 * a wrong argument is said in that language, and a wrong `--lang` in both, since it is the language
 * that is wrong.
 */
export const readDemoArguments = (argv: readonly string[], env: CliIo['env'], options: Options): DemoArguments => {
  const args = argv.filter((arg, i) => !(i === 0 && arg === '--'));
  const lang = langAsked(args, env);
  const written = langWritten(args);
  if (written !== undefined && !isLang(written)) {
    const said = (['fr', 'en'] as const).map((l) => usageLine(l, message(l, 'demo.langUsage', { value: JSON.stringify(written) })));
    return { ok: false, lang, said: said.join('\n') };
  }
  try {
    const { values } = parseArgs({ args, options: { ...options, lang: { type: 'string' } }, strict: true, allowPositionals: false });
    return { ok: true, lang, values };
  } catch (error) {
    const argument = JSON.stringify(quotedArgument(error instanceof Error ? error.message : String(error)));
    return { ok: false, lang, said: usageLine(lang, message(lang, 'demo.argumentUsage', { argument })) };
  }
};

/** A usage error of a demo script, in `lang`: `erreur USAGE : …`. */
export const demoUsageError = (lang: Lang, text: string): string => usageLine(lang, text);
