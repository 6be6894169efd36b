import { createHash, randomBytes } from 'node:crypto';

/** A name-based UUID (version 5 layout, SHA-1) so that the same outside fact always gets the same event id. */
export const deterministicEventId = (...parts: readonly (string | number)[]): string => {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
};

/** The millisecond and the 12-bit sequence of the last id made in this process. */
let last = { ms: 0, sequence: 0 };

/**
 * A time-ordered UUID (version 7: the Unix time in milliseconds, then a sequence within the
 * millisecond, then random bits). Ids made one after another in a process sort in that order, so
 * the stores' unique index on event ids grows at its end instead of at a random leaf per event —
 * fewer pages written per append once the index is larger than the page cache.
 */
export const newEventId = (now: number = Date.now()): string => {
  const random = randomBytes(10);
  if (now > last.ms) last = { ms: now, sequence: random.readUInt16BE(0) & 0x7ff };
  else if (last.sequence < 0xfff) last = { ms: last.ms, sequence: last.sequence + 1 };
  else last = { ms: last.ms + 1, sequence: 0 };
  const time = last.ms.toString(16).padStart(12, '0').slice(-12);
  const sequence = (0x7000 | last.sequence).toString(16);
  const variant = (((random[2] as number) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  const tail = random.subarray(3, 10).toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${sequence}-${variant}${tail.slice(0, 2)}-${tail.slice(2, 14)}`;
};
