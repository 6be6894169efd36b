import { errorCatalogue, type ErrorCode } from '../errors/error-catalogue';
import { cliMessages, type CliMessageKey } from './cli-messages';
import { businessMessages, type BusinessMessageKey } from './business-messages';
import { consoleSentences, type ConsoleMessageKey } from './console-messages';
import { demoMessages, type DemoMessageKey } from './demo-messages';
import { helpTexts, type HelpTextKey } from './help-texts';
import { operationsMessages, type OperationsMessageKey } from './operations-messages';
import { simulatorMessages, type SimulatorMessageKey } from './simulator-messages';
import { syncRunMessages, type SyncRunMessageKey } from './sync-run-messages';
import { frenchErrorTexts } from './error-texts-fr';
import { fillMessage, type MessageParams } from './fill';
import type { Label, Lang } from './lang';

/**
 * depledger's one message catalogue: what the `depledger` command and the console say, each
 * sentence in French and in English. Each entry is a `Label`, so a sentence without one of its
 * languages fails the type check; a key that is not here fails it too where it is used.
 */
/** A key of the message catalogue. */
export type MessageKey =
  | CliMessageKey
  | ConsoleMessageKey
  | SyncRunMessageKey
  | BusinessMessageKey
  | SimulatorMessageKey
  | OperationsMessageKey
  | DemoMessageKey
  | HelpTextKey;

export const messageCatalogue: Readonly<Record<MessageKey, Label>> = {
  ...cliMessages,
  ...consoleSentences,
  ...syncRunMessages,
  ...businessMessages,
  ...simulatorMessages,
  ...operationsMessages,
  ...demoMessages,
  ...helpTexts,
};

/** Which form of a count's sentence (`….one` or `….other`) a language uses for `n`: French says "1 page, 0 page", English "1 page, 0 pages". */
export const pluralForm = (lang: Lang, n: number): 'one' | 'other' =>
  lang === 'fr' ? (Math.abs(n) < 2 ? 'one' : 'other') : n === 1 ? 'one' : 'other';

/** A sentence of the catalogue in one language, with its `{name}` placeholders filled. */
export const message = (lang: Lang, key: MessageKey, params?: MessageParams): string => fillMessage(messageCatalogue[key][lang], params);

/** A sentence of the catalogue in both languages, filled: for an error that says it in the reader's language. */
export const messageLabel = (key: MessageKey, params?: MessageParams): Label => ({
  fr: message('fr', key, params),
  en: message('en', key, params),
});

/** What an error code means and what to do, in one language: the catalogue's meaning in English, its French text in French. */
export const errorText = (code: ErrorCode, lang: Lang): string => (lang === 'fr' ? frenchErrorTexts[code] : errorCatalogue[code].meaning);
