import { createHash, randomUUID } from 'node:crypto';

/** A name-based UUID (version 5 layout, SHA-1) so that the same outside fact always gets the same event id. */
export const deterministicEventId = (...parts: readonly (string | number)[]): string => {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
};

export const newEventId = (): string => randomUUID();
