import { createHash, randomFillSync } from 'node:crypto';

const nameDigest = (parts: readonly (string | number)[]): string => createHash('sha1').update(parts.join('\u0000')).digest('hex');

const variantOf = (hex: string): string => ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');

/** A name-based UUID (version 5 layout, SHA-1) so that the same outside fact always gets the same event id. */
export const deterministicEventId = (...parts: readonly (string | number)[]): string => {
  const hex = nameDigest(parts);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variantOf(hex)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
};

/** The largest time a UUID's 48-bit millisecond field holds. */
const maxUuidMs = 2 ** 48 - 1;

/**
 * A name-based id that leads with the fact's own time (a version-8 UUID: 48 bits of Unix
 * milliseconds, then SHA-1 bits of the name), the same every time for the same fact and time.
 * Facts of the same moment (an Apple page) sort together in the stores' unique index on event ids,
 * so a page's commit writes a few of its pages instead of one at random per fact. A time that is
 * not a finite millisecond in that range gives `deterministicEventId`'s id instead.
 */
export const timedDeterministicEventId = (ms: number, ...parts: readonly (string | number)[]): string => {
  if (!Number.isInteger(ms) || ms < 0 || ms > maxUuidMs) return deterministicEventId(...parts);
  const hex = nameDigest(parts);
  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-8${hex.slice(13, 16)}-${variantOf(hex)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
};

/** Random bytes drawn from the system a few kilobytes at a time: one call per 409 ids, not one per id. */
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;
const randomTen = (): Buffer => {
  if (poolUsed + 10 > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  poolUsed += 10;
  return pool.subarray(poolUsed - 10, poolUsed);
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
  const random = randomTen();
  if (now > last.ms) last = { ms: now, sequence: random.readUInt16BE(0) & 0x7ff };
  else if (last.sequence < 0xfff) last = { ms: last.ms, sequence: last.sequence + 1 };
  else last = { ms: last.ms + 1, sequence: 0 };
  const time = last.ms.toString(16).padStart(12, '0').slice(-12);
  const sequence = (0x7000 | last.sequence).toString(16);
  const variant = (((random[2] as number) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  const tail = random.subarray(3, 10).toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${sequence}-${variant}${tail.slice(0, 2)}-${tail.slice(2, 14)}`;
};
