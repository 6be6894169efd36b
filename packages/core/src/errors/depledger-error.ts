import type { ErrorCode } from './error-catalogue';

/**
 * Every error depledger throws on purpose is a DepledgerError: a stable `code` from the error
 * catalogue (`errorCatalogue`, docs/errors.md) for programs, a message a person can act on, and
 * never a secret. Check errors with `isDepledgerError(e, code)` rather than `instanceof`, so two
 * copies of the package in one tree still agree.
 */
export class DepledgerError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DepledgerError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const isDepledgerError = (error: unknown, code?: ErrorCode): error is DepledgerError => {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; message?: unknown; details?: unknown };
  return (
    typeof candidate.code === 'string' &&
    typeof candidate.message === 'string' &&
    typeof candidate.details === 'object' &&
    (code === undefined || candidate.code === code)
  );
};
