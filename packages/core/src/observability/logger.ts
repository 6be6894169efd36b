/**
 * Where depledger writes what it does: a structured logger with pino's call shape
 * (`logger.info({ ...fields }, 'message')`), so a pino instance (or its child) can be passed as is.
 * depledger logs identifiers, counts, durations and error codes only — never event data, secrets,
 * personal data or error messages.
 */
export interface DepledgerLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
