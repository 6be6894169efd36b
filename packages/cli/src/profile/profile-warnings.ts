import { setupAssistantCatalogueVersion, setupAssistantKey, type ProfileEvent, type SkipKeyWarning } from '@depledger/core';
import type { Output } from '../output/output';

/** The warnings recorded with a new version of a profile (unknown or retired skip keys). */
export const warningsOf = (events: readonly ProfileEvent[]): readonly SkipKeyWarning[] =>
  events.flatMap((e) => (e.type === 'ProfileDefined' || e.type === 'ProfileRevised' ? e.data.warnings : []));

/** A warning in the reader's language, from its kind and key (the recorded message is English). */
/** Where Apple retired a key: "iOS 18.0, macOS 15.0". */
const retiredOn = (entry: NonNullable<ReturnType<typeof setupAssistantKey>>): string =>
  Object.entries(entry.platforms)
    .filter(([, availability]) => availability?.removed !== undefined)
    .map(([platform, availability]) => `${platform} ${availability?.removed}`)
    .join(', ');

const said = (w: SkipKeyWarning, out: Output): string => {
  if (w.kind === 'unknown_skip_key') return out.t('cli.warning.unknownSkipKey', { key: w.key, catalogue: setupAssistantCatalogueVersion });
  const entry = setupAssistantKey(w.key);
  return entry === undefined ? w.message : out.t('cli.warning.removedSkipKey', { key: w.key, removed: retiredOn(entry) });
};

/** The warnings as lines for people, in `--lang`. */
export const warningLines = (warnings: readonly SkipKeyWarning[], out: Output): string[] =>
  warnings.map((w) => out.t('cli.warning', { message: said(w, out) }));
