import { CliError } from '../errors/cli-error';

/**
 * How long a sync run's lease lasts without renewal, in ms (DEPLEDGER_RUN_LEASE_MS; depledger's
 * default, 20 s, when unset): a sync whose process died frees its token within this.
 */
export const runLeaseMs = (env: Readonly<Record<string, string | undefined>>): number | undefined => {
  const raw = env['DEPLEDGER_RUN_LEASE_MS'];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 100 || n > 3_600_000) {
    throw new CliError(
      'INVALID_INPUT',
      `DEPLEDGER_RUN_LEASE_MS must be a whole number of milliseconds from 100 to 3600000 (found ${JSON.stringify(raw)}).`,
    );
  }
  return n;
};
