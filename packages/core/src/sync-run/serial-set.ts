/**
 * A set of serial numbers kept outside the JavaScript heap: the serials a full fetch reported, which
 * a run holds from the fetch's first page until the release by absence after its last.
 *
 * Why not a `Set<string>`: a million twelve-character serials in a Set take about 50 MB of heap, all
 * of it live until the fetch ends, and V8 lets the heap grow to several times its live size before a
 * full collection. That multiplied the set's weight in the process's peak memory (a 1M-device sync
 * into SQLite peaked at 471 MB of RSS, with ~75 MB live on the heap). Here each serial costs its
 * length plus one byte in a byte arena and four bytes (at most eight) in an open-addressing table of
 * offsets: about 21 MB for a million, in typed arrays, which the collector neither copies nor counts.
 *
 * Serials are compared exactly (byte by byte, never by hash alone). Strings that do not fit the
 * arena's encoding (a character above U+007F, or longer than 255) go to a plain Set beside it; Apple
 * serials never do.
 */
export class SerialSet {
  /** Entries one after another: a length byte, then one byte per character. */
  private arena = new Uint8Array(64 * 1024);
  private arenaUsed = 0;
  /** Open addressing, linear probing: each slot holds 1 + an entry's arena offset, 0 when empty. */
  private slots = new Uint32Array(4096);
  private entries = 0;
  private readonly others = new Set<string>();

  constructor(serials: Iterable<string> = []) {
    for (const serial of serials) this.add(serial);
  }

  get size(): number {
    return this.entries + this.others.size;
  }

  has(serial: string): boolean {
    if (!fitsArena(serial)) return this.others.has(serial);
    return this.slots[this.slotOf(serial, hashString(serial))] !== 0;
  }

  add(serial: string): this {
    if (!fitsArena(serial)) {
      this.others.add(serial);
      return this;
    }
    const slot = this.slotOf(serial, hashString(serial));
    if (this.slots[slot] !== 0) return this;
    this.slots[slot] = this.append(serial) + 1;
    this.entries += 1;
    if (this.entries * 2 > this.slots.length) this.growSlots();
    return this;
  }

  /** The slot holding `serial`, or the empty slot where it belongs. */
  private slotOf(serial: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === 0 || this.equals(entry - 1, serial)) return slot;
    }
  }

  private equals(offset: number, serial: string): boolean {
    const arena = this.arena;
    if (arena[offset] !== serial.length) return false;
    for (let i = 0; i < serial.length; i++) if (arena[offset + 1 + i] !== serial.charCodeAt(i)) return false;
    return true;
  }

  private append(serial: string): number {
    const needed = this.arenaUsed + 1 + serial.length;
    if (needed > this.arena.length) {
      let length = this.arena.length * 2;
      while (length < needed) length *= 2;
      const grown = new Uint8Array(length);
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    const offset = this.arenaUsed;
    this.arena[offset] = serial.length;
    for (let i = 0; i < serial.length; i++) this.arena[offset + 1 + i] = serial.charCodeAt(i);
    this.arenaUsed = needed;
    return offset;
  }

  private growSlots(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (const entry of this.slots) {
      if (entry === 0) continue;
      let slot = hashArena(this.arena, entry - 1) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

const fitsArena = (serial: string): boolean => {
  if (serial.length > 255) return false;
  for (let i = 0; i < serial.length; i++) if (serial.charCodeAt(i) > 0x7f) return false;
  return true;
};

// FNV-1a over the characters (all below U+0080 here, so the same as over the arena's bytes), then
// murmur3's finaliser so that serials differing in their last characters spread over the low bits.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const finish = (hash: number): number => {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
};

const hashString = (serial: string): number => {
  let hash = FNV_OFFSET;
  for (let i = 0; i < serial.length; i++) hash = Math.imul(hash ^ serial.charCodeAt(i), FNV_PRIME);
  return finish(hash);
};

const hashArena = (arena: Uint8Array, offset: number): number => {
  let hash = FNV_OFFSET;
  const end = offset + 1 + (arena[offset] as number);
  for (let i = offset + 1; i < end; i++) hash = Math.imul(hash ^ (arena[i] as number), FNV_PRIME);
  return finish(hash);
};
