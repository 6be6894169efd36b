import { ConcurrencyError, isDepledgerError } from '@depledger/core';
import { ErrorType, isCommandError } from '@eventstore/db-client';
import { EventStoreDbError, EventStoreDbUnavailableError } from '../errors';
import { redactedConnection } from './redacted-connection';

export type OperationContext = Readonly<{ connection: string; operation: string; streamName?: string }>;

const describe = (value: unknown): string => (typeof value === 'bigint' ? value.toString() : String(value));

/** Client errors become depledger's: conflicts are ConcurrencyErrors, an unreachable server says where. */
export const translateError = (error: unknown, context: OperationContext): Error => {
  if (isDepledgerError(error)) return error as Error;
  if (error instanceof Error && isCommandError(error)) {
    switch (error.type) {
      case ErrorType.WRONG_EXPECTED_VERSION: {
        const actual = error.actualVersion === 'no_stream' ? 'no stream' : describe(error.actualVersion);
        return new ConcurrencyError(context.streamName ?? error.streamName, describe(error.expectedVersion), actual);
      }
      case ErrorType.UNAVAILABLE:
        return new EventStoreDbUnavailableError(context.connection, context.operation, error);
      default:
        return new EventStoreDbError(
          'EVENTSTOREDB_FAILED',
          `EventStoreDB at ${redactedConnection(context.connection)} refused ${context.operation}: ${error.message || error.type}.`,
          { operation: context.operation, type: error.type, ...(context.streamName ? { streamName: context.streamName } : {}) },
          error,
        );
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EventStoreDbError(
    'EVENTSTOREDB_FAILED',
    `${context.operation} against EventStoreDB at ${redactedConnection(context.connection)} failed: ${message}.`,
    { operation: context.operation },
    error,
  );
};

export const isStreamNotFound = (error: unknown): boolean =>
  error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;
