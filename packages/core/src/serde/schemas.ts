import { z } from 'zod';

/** Shared pieces of event schemas. Dates in events are ISO-8601 strings. */
export const isoDate = z.iso.datetime({ offset: true });
export const vaultRef = z.string().regex(/^vault:[a-z0-9-]+:[A-Za-z0-9_-]+$/, 'a vault reference (vault:<kind>:<id>)');
export const tokenId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, '1–64 letters, digits, dot, dash or underscore');
export const serial = z.string().regex(/^[A-Z0-9]{8,20}$/, 'a serial number (8–20 uppercase letters and digits)');
export const profileUuid = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "Apple's profile UUID");
