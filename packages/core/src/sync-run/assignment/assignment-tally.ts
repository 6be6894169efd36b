import type { AssignmentOutcome } from '../../ports/dep-gateway';

/** Assignments sent to Apple, and how many came back with each outcome. The one tally of assignments. */
export type AssignmentTally = Readonly<{ sent: number; assigned: number; notAccessible: number; failed: number; throttled: number }>;

/** A run's assignments to new devices (routing rules, then the default profile): the tally, and why some got none, when they did not. */
export type AssignmentSummary = AssignmentTally &
  Readonly<{
    /** Why some new devices were given no profile: no rule nor default profile routes them, or the profile routed to is not published. */
    skipped: 'no_default_profile' | 'default_profile_not_published' | 'rule_profile_not_published' | null;
  }>;

export const emptyTally: AssignmentTally = { sent: 0, assigned: 0, notAccessible: 0, failed: 0, throttled: 0 };

export const addTally = (a: AssignmentTally, b: AssignmentTally): AssignmentTally => ({
  sent: a.sent + b.sent,
  assigned: a.assigned + b.assigned,
  notAccessible: a.notAccessible + b.notAccessible,
  failed: a.failed + b.failed,
  throttled: a.throttled + b.throttled,
});

const tallyKey = {
  assigned: 'assigned',
  not_accessible: 'notAccessible',
  failed: 'failed',
  throttled: 'throttled',
} as const satisfies Record<AssignmentOutcome, keyof AssignmentTally>;

/** The tally of one batch sent to Apple, from each serial's outcome. */
export const tallyOf = (outcomes: readonly AssignmentOutcome[]): AssignmentTally => {
  const tally = { ...emptyTally, sent: outcomes.length };
  for (const outcome of outcomes) tally[tallyKey[outcome]] += 1;
  return tally;
};
