import { CliError } from '../errors/cli-error';

/** `--as-of <date>`: a moment in the past, as an ISO date (`2026-11-26` or `2026-11-26T07:40:00Z`). */
export const parseAsOf = (value: string | undefined): Date | undefined => {
  if (value === undefined) return undefined;
  const date = /^\d{4}-\d\d-\d\d$/.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(date.getTime())) {
    throw new CliError(
      'INVALID_INPUT',
      `--as-of ${JSON.stringify(value)} is not a date: use an ISO date such as 2026-11-26 (end of that day, UTC) or 2026-11-26T07:40:00Z.`,
    );
  }
  return date;
};
