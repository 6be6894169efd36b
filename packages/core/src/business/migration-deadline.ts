import { ValidationError } from '../errors/validation-error';

/** Apple accepts a migration deadline at most this many days ahead (its "Create an OrgDeviceActivity" page). */
export const maxMigrationDeadlineDays = 90;

/**
 * A migration deadline given by an administrator, as an ISO instant, checked before anything is
 * sent: a date, not past (for a new migration), at most 90 days ahead. A new deadline for a
 * migration under way may be past: Apple then enforces the migration at once (`allowPast`).
 */
export const checkMigrationDeadline = (deadline: string, now: Date, options: { allowPast: boolean }): string => {
  const at = Date.parse(deadline);
  const issue = (message: string) =>
    new ValidationError('migration deadline', [{ path: 'deadline', message }], 'BUSINESS_MIGRATION_DEADLINE_INVALID');
  if (Number.isNaN(at)) throw issue(`is not a date and time (e.g. 2027-03-15T17:00:00Z), found ${JSON.stringify(deadline)}`);
  if (!options.allowPast && at <= now.getTime()) throw issue('is already past: a migration needs a deadline to come');
  if (at > now.getTime() + maxMigrationDeadlineDays * 24 * 3600 * 1000)
    throw issue(`is more than ${maxMigrationDeadlineDays} days ahead: Apple accepts ${maxMigrationDeadlineDays} at most`);
  return new Date(at).toISOString();
};
