import { DepledgerError, type ErrorCode } from '@depledger/core';
import { redactedConnection } from './connection/redacted-connection';

/** The server could not be reached: says where we tried and what to do. */
export class EventStoreDbUnavailableError extends DepledgerError {
  constructor(connection: string, operation: string, cause: unknown) {
    const where = redactedConnection(connection);
    super(
      'EVENTSTOREDB_UNAVAILABLE',
      `Could not reach EventStoreDB at ${where} (${operation}). Check that the server is running and reachable from here (for a local one: docker run --rm -p 2113:2113 eventstore/eventstore:24.10 --insecure), or correct the connection string.`,
      { connection: where, operation },
      { cause },
    );
    this.name = 'EventStoreDbUnavailableError';
  }
}

/** Anything else the server or the client refused, with the operation and the server's words. */
export class EventStoreDbError extends DepledgerError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(code, message, details, cause === undefined ? undefined : { cause });
    this.name = 'EventStoreDbError';
  }
}
