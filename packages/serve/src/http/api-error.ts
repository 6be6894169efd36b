import { DepledgerError, type ErrorCode } from '@depledger/core';
import { z } from 'zod';

/** Every error the API answers with, whatever the route and the status. */
export const apiErrorSchema = z
  .object({
    code: z.string().describe('Stable, for programs: INVALID_INPUT, API_KEY_INVALID, TOKEN_NOT_FOUND, SYNC_REFUSED…'),
    message: z.string().describe('For a person: what went wrong and what to do.'),
    details: z.record(z.string(), z.unknown()).describe('What the code is about (fields, ids, retryAt…); never a secret.'),
  })
  .meta({ id: 'Error' });

export type ApiError = z.infer<typeof apiErrorSchema>;

/** An error this package raises about the request itself (its body, its key, its route). */
export class RequestError extends DepledgerError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'RequestError';
  }
}
