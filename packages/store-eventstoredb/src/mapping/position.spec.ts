import { START } from '@eventstore/db-client';
import { portPosition, readPositionAfter } from './position';

describe('positions', () => {
  it("use the commit position as the port's global position", () => {
    expect(portPosition({ commit: 4_358_912n, prepare: 4_358_912n }, 'device-1')).toBe(4_358_912);
  });

  it('fail loudly when the server reports no position', () => {
    expect(() => portPosition({ commit: 18_446_744_073_709_551_615n, prepare: 18_446_744_073_709_551_615n }, 'device-1')).toThrow(
      expect.objectContaining({ code: 'EVENTSTOREDB_POSITION_UNKNOWN', details: { streamName: 'device-1' } }),
    );
    expect(() => portPosition(undefined, 'device-1')).toThrow(expect.objectContaining({ code: 'EVENTSTOREDB_POSITION_UNKNOWN' }));
  });

  it('fail loudly rather than round a position beyond 2^53', () => {
    expect(portPosition({ commit: 9_007_199_254_740_991n, prepare: 0n }, 'd')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => portPosition({ commit: 9_007_199_254_740_993n, prepare: 0n }, 'd')).toThrow(
      expect.objectContaining({ code: 'EVENTSTOREDB_POSITION_TOO_LARGE' }),
    );
  });

  it('read $all from the start for 0, from the position itself otherwise', () => {
    expect(readPositionAfter(0)).toBe(START);
    expect(readPositionAfter(4096)).toEqual({ commit: 4096n, prepare: 4096n });
  });
});
