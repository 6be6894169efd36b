import { deterministicEventId, newEventId } from './event-ids';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  it('names an outside fact by a version-5 UUID that is the same every time', () => {
    const id = deterministicEventId('dep-device-C02X', 'fetched', 3);
    expect(id).toMatch(uuid);
    expect(id[14]).toBe('5');
    expect(deterministicEventId('dep-device-C02X', 'fetched', 3)).toBe(id);
    expect(deterministicEventId('dep-device-C02X', 'fetched', 4)).not.toBe(id);
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
