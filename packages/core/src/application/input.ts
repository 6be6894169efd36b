import { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { serial, tokenId } from '../serde/schemas';

export const tokenIdInput = tokenId;
export const serialInput = z.string().trim().toUpperCase().pipe(serial);
export const profileIdInput = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, '1–64 letters, digits, dot, dash or underscore');
/** A device to route in a dry run: its serial, and what Apple's feed says of it (optional). */
const deviceFact = z.string().trim().max(128).nullish();
export const routableDevicesInput = z
  .array(z.object({ serial: serialInput, family: deviceFact, os: deviceFact, model: deviceFact, orderNumber: deviceFact }))
  .max(100_000, 'at most 100000 devices per dry run');

export const appleIdInput = z
  .string()
  .trim()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an Apple ID (an e-mail address)');

/** Parses one outside value strictly; a bad one is a ValidationError naming the field. Nothing is recorded. */
export const parseInput = <T>(schema: z.ZodType<T>, value: unknown, field: string): T => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    field,
    result.error.issues.map((i) => ({ path: [field, ...i.path].join('.'), message: i.message })),
  );
};
