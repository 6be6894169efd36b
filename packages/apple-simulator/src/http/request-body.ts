import type { z } from 'zod';
import { AppleError } from '../apple-error';

const appleCode = /^[A-Z][A-Z_]+$/;

/**
 * Parses a request body with a zod schema. The first issue's message is used as Apple's error
 * code when it is one (schemas put codes such as `CONFIG_NAME_INVALID` there); anything else is
 * 400 `MALFORMED_REQUEST_BODY` (unconfirmed).
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? '';
  throw new AppleError(400, appleCode.test(message) ? message : 'MALFORMED_REQUEST_BODY');
}
