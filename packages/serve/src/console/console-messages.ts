import { consoleSentences, errorCodes, errorText, setupAssistantKeys } from '@depledger/core';
import {
  deviceStatusCodes,
  statusLabel,
  syncOutcomeLabel,
  syncRefusalLabel,
  tokenHealthCodes,
  tokenHealthLabel,
  type Label,
  type Lang,
  type SyncRunOutcome,
} from '@depledger/projections';

/** The console's own sentences: a part of core's message catalogue, shared with the CLI and the errors. */
const sentences = consoleSentences;

/** A key of the console's catalogue. */
export type ConsoleMessageKey = keyof typeof sentences;

const labelled = (prefix: string, codes: readonly string[], label: (code: string) => Label): Record<string, Label> =>
  Object.fromEntries(codes.map((code) => [`${prefix}.${code}`, label(code)]));

const both = (label: (lang: Lang) => string): Label => ({ fr: label('fr'), en: label('en') });

const outcomes: readonly SyncRunOutcome[] = ['running', 'completed', 'stopped_on_repeating_cursor', 'failed', 'timed_out', 'refused'];

/** The whole catalogue, one language per column: the console's sentences and the projections' labels. */
export const consoleCatalogue: Readonly<Record<string, Label>> = {
  // every error code in both languages; the console's shorter wording of a few codes comes after and wins
  ...Object.fromEntries(errorCodes.map((code) => [`errors.${code}`, both((lang) => errorText(code, lang))])),
  ...sentences,
  ...labelled('status', deviceStatusCodes, (code) => both((lang) => statusLabel(code as (typeof deviceStatusCodes)[number], lang))),
  ...labelled('health', tokenHealthCodes, (code) => both((lang) => tokenHealthLabel(code as (typeof tokenHealthCodes)[number], lang))),
  ...labelled('outcome', outcomes, (code) => both((lang) => syncOutcomeLabel(code as SyncRunOutcome, lang))),
  ...labelled('refusal', ['run_in_progress', 'too_soon'], (code) =>
    both((lang) => syncRefusalLabel(code as 'run_in_progress' | 'too_soon', lang)),
  ),
};

/** The catalogue in one language, as the console's script receives it. */
export const consoleMessages = (lang: Lang): Record<string, string> =>
  Object.fromEntries(Object.entries(consoleCatalogue).map(([key, label]) => [key, label[lang]]));

/** A Setup Assistant pane as the profile form shows it: Apple's skip key, what it skips in each language, where it exists. */
export type ConsolePane = Readonly<{ key: string; fr: string; en: string; platforms: string }>;

/** The Setup Assistant panes a profile can skip, from core's skip-key catalogue, for the profile form's checkboxes. */
export const consolePanes: readonly ConsolePane[] = setupAssistantKeys.map((entry) => ({
  key: entry.key,
  fr: entry.fr,
  en: entry.en,
  platforms: Object.keys(entry.platforms).join(', '),
}));
