import { deterministicEventId, newEventId, timedDeterministicEventId } from './event-ids';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  it('names an outside fact by a version-5 UUID that is the same every time', () => {
    const id = deterministicEventId('dep-device-C02X', 'fetched', 3);
    expect(id).toMatch(uuid);
    expect(id[14]).toBe('5');
    expect(deterministicEventId('dep-device-C02X', 'fetched', 3)).toBe(id);
    expect(deterministicEventId('dep-device-C02X', 'fetched', 4)).not.toBe(id);
  });

  it('names a fact of a known time by a version-8 UUID that leads with that millisecond and is the same every time', () => {
    const at = Date.parse('2026-12-07T03:04:05Z');
    const id = timedDeterministicEventId(at, 'dep-device-C02X', 'apple:t1:C02X:modified', 0);
    expect(id).toMatch(uuid);
    expect(id[14]).toBe('8');
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(timedDeterministicEventId(at, 'dep-device-C02X', 'apple:t1:C02X:modified', 0)).toBe(id);
    expect(timedDeterministicEventId(at, 'dep-device-C02X', 'apple:t1:C02X:modified', 1)).not.toBe(id);
    // ids of one moment sort before those of a later one, whatever their names
    const page = ['A1', 'Z9', 'M5'].map((serial) => timedDeterministicEventId(at, `dep-device-${serial}`, serial, 0));
    const later = ['A0', 'B0'].map((serial) => timedDeterministicEventId(at + 1000, `dep-device-${serial}`, serial, 0));
    for (const earlier of page) for (const next of later) expect(earlier < next).toBe(true);
  });

  it('falls back to the version-5 id for a time a UUID cannot lead with', () => {
    for (const bad of [Number.NaN, -1, 1.5, 2 ** 48, Number.POSITIVE_INFINITY])
      expect(timedDeterministicEventId(bad, 'dep-device-C02X', 'k', 0)).toBe(deterministicEventId('dep-device-C02X', 'k', 0));
  });

  it('makes new ids as version-7 UUIDs carrying the millisecond they were made', () => {
    const at = Date.UTC(2026, 11, 6, 21, 0, 0, 123);
    const id = newEventId(at + 10_000_000);
    expect(id).toMatch(uuid);
    expect(id[14]).toBe('7');
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000_000);
  });

  it('sorts ids in the order they were made, within a millisecond and when the clock steps back', () => {
    const base = Date.UTC(2030, 0, 1);
    // 5,000 ids in one millisecond overflow the 12-bit sequence: the ids then borrow the next millisecond.
    const times = [...Array.from({ length: 5000 }, () => base), base - 50, base + 2, base + 2, base + 10_000];
    const ids = times.map((t) => newEventId(t));
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
