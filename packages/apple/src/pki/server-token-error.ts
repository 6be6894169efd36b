import { DepledgerError } from '@depledger/core';

export type ServerTokenErrorCode =
  | 'SERVER_TOKEN_NOT_P7M'
  | 'SERVER_TOKEN_WRONG_KEY'
  | 'SERVER_TOKEN_UNREADABLE'
  | 'SERVER_TOKEN_FIELD_INVALID'
  | 'SERVER_TOKEN_EXPIRED'
  | 'SERVER_TOKEN_UNUSABLE'
  | 'ENCRYPTION_KEY_INVALID';

/**
 * A server token (.p7m) that cannot be used, and what to do about it. Never carries the token's
 * secrets: only field names, dates and what went wrong.
 */
export class ServerTokenError extends DepledgerError {
  declare readonly code: ServerTokenErrorCode;

  constructor(code: ServerTokenErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'ServerTokenError';
  }
}
