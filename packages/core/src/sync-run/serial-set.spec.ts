import { SerialSet } from './serial-set';

const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Deterministic serials of 8–20 characters (a small LCG, so a failure replays). */
const serials = (count: number, seed: number): string[] => {
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  return Array.from({ length: count }, () => {
    const length = 8 + next(13);
    let serial = '';
    for (let i = 0; i < length; i++) serial += alphabet[next(alphabet.length)];
    return serial;
  });
};

describe('SerialSet', () => {
  it('answers like a Set<string> for serials added and not added, across many growths', () => {
    const added = serials(20_000, 1);
    const others = serials(20_000, 2);
    const set = new SerialSet();
    const reference = new Set<string>();
    for (const serial of added) {
      set.add(serial);
      reference.add(serial);
    }
    expect(set.size).toBe(reference.size);
    expect([...added, ...others].filter((serial) => set.has(serial) !== reference.has(serial))).toEqual([]);
  });

  it('counts a serial added twice once', () => {
    const set = new SerialSet(['C02XK1ZZJG5H', 'C02XK1ZZJG5H', 'F4H000000001']);
    expect(set.size).toBe(2);
    expect(set.add('F4H000000001').size).toBe(2);
  });

  it('tells apart serials that differ only in length or in one character', () => {
    const set = new SerialSet(['C02XK1ZZJG5H']);
    expect(set.has('C02XK1ZZJG5')).toBe(false);
    expect(set.has('C02XK1ZZJG5HH')).toBe(false);
    expect(set.has('C02XK1ZZJG5J')).toBe(false);
    expect(set.has('c02xk1zzjg5h')).toBe(false);
    expect(set.has('C02XK1ZZJG5H')).toBe(true);
  });

  it('keeps strings outside its encoding (non-ASCII, very long, empty) exactly too', () => {
    const long = 'A'.repeat(300);
    const set = new SerialSet(['SÉRIAL0001', long, '']);
    expect(set.size).toBe(3);
    expect(set.has('SÉRIAL0001')).toBe(true);
    expect(set.has('SERIAL0001')).toBe(false);
    expect(set.has(long)).toBe(true);
    expect(set.has('A'.repeat(299))).toBe(false);
    expect(set.has('')).toBe(true);
  });
});
