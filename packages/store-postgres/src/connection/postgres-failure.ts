import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';
import type { PostgresUrl } from './connection-url';

/** What a driver error means for the caller. */
export type FailureKind =
  /** Worth trying again: the connection was refused or lost, the server is starting or stopping, a serialization failure. */
  'transient' | 'authentication' | 'database-missing' | 'unreachable-host' | 'other';

/** The server's SQLSTATE: only errors the server sent carry a severity (`EPIPE` also has five capitals). */
const sqlStateOf = (error: unknown): string | undefined => {
  const failure = error as { code?: unknown; severity?: unknown } | null;
  return typeof failure?.code === 'string' && typeof failure.severity === 'string' && /^[0-9A-Z]{5}$/.test(failure.code)
    ? failure.code
    : undefined;
};

/** A socket's error code (`ECONNREFUSED`, `EPIPE`…), on errors the server did not send. */
const systemCodeOf = (error: unknown): string | undefined => {
  const failure = error as { code?: unknown; severity?: unknown } | null;
  return typeof failure?.code === 'string' && failure.severity === undefined && /^E[A-Z]+$/.test(failure.code) ? failure.code : undefined;
};

const transientStates = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
]);

/** Sorts a driver error: a SQLSTATE, a socket error code, or pg's own "connection terminated" messages. */
export const classifyFailure = (error: unknown): FailureKind => {
  const state = sqlStateOf(error);
  if (state !== undefined) {
    if (transientStates.has(state) || state.startsWith('08')) return 'transient';
    if (state === '28P01' || state === '28000') return 'authentication';
    if (state === '3D000') return 'database-missing';
    return 'other';
  }
  const system = systemCodeOf(error);
  if (system === 'ENOTFOUND' || system === 'EAI_AGAIN') return 'unreachable-host';
  if (system !== undefined)
    return system === 'ECONNREFUSED' || system === 'ECONNRESET' || system === 'EPIPE' || system === 'ETIMEDOUT' ? 'transient' : 'other';
  const message = error instanceof Error ? error.message : '';
  if (/Connection terminated|connection timeout|Client has encountered a connection error|Connection ended/i.test(message))
    return 'transient';
  return 'other';
};

/**
 * The typed error for a failure that retrying did not cure (or that retrying cannot cure), naming
 * what to do. `what` says what was being done, e.g. "appending to dep-device-C02…".
 */
export const failureError = (error: unknown, url: PostgresUrl, what: string): unknown => {
  const kind = classifyFailure(error);
  const where = url.display;
  const details = { url: where, operation: what };
  switch (kind) {
    case 'authentication':
      return new PostgresStoreError(
        postgresStoreErrorCodes.authenticationFailed,
        `PostgreSQL at ${where} refused the user or its password while ${what}. Check the user and password in the URL (or PGPASSWORD) and the server's pg_hba.conf.`,
        details,
        { cause: error },
      );
    case 'database-missing':
      return new PostgresStoreError(
        postgresStoreErrorCodes.databaseMissing,
        `The database ${url.database} does not exist on ${url.host}:${url.port}. Create it (createdb -h ${url.host} -p ${url.port} ${url.database}) or name an existing one in the URL.`,
        details,
        { cause: error },
      );
    case 'unreachable-host':
      return new PostgresStoreError(
        postgresStoreErrorCodes.unreachable,
        `The host ${url.host} in ${where} cannot be found. Check the host name in the URL.`,
        details,
        { cause: error },
      );
    case 'transient':
      return new PostgresStoreError(
        postgresStoreErrorCodes.unavailable,
        `PostgreSQL at ${where} did not complete ${what} (${describe(error)}), even after retrying. Check that the server is running and reachable (pg_isready -h ${url.host} -p ${url.port}); an append may be retried as is: events already stored are skipped by their ids.`,
        { ...details, reason: describe(error) },
        { cause: error },
      );
    default:
      return error;
  }
};

const describe = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
};
