import type { ProfileEvent, SkipKeyWarning } from '@depledger/core';

/** The warnings recorded with a new version of a profile (unknown or retired skip keys). */
export const warningsOf = (events: readonly ProfileEvent[]): readonly SkipKeyWarning[] =>
  events.flatMap((e) => (e.type === 'ProfileDefined' || e.type === 'ProfileRevised' ? e.data.warnings : []));

/** The warnings as lines for people. */
export const warningLines = (warnings: readonly SkipKeyWarning[]): string[] => warnings.map((w) => `Warning: ${w.message}`);
