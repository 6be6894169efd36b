import type { EventRow } from './rows';
import { pagedEvents, type PageLoader } from './paged-events';

// The paging under every PostgreSQL read: pages asked in order, the next one asked while the caller
// still holds the current one, never more rows than asked, and a failure met where it is read.

const row = (position: number): EventRow => [position, `dep-device-${position}`, 0, 'DeviceAssignedToServer.v1', {}, {} as EventRow[5]];

/** A log of `size` rows served `limit` at a time; records each request and whether the caller had finished the page before. */
const log = (size: number, failAfter = Number.POSITIVE_INFINITY) => {
  const asked: Array<{ after: number; limit: number }> = [];
  const start = (): PageLoader => {
    let cursor = 0;
    return async (limit) => {
      asked.push({ after: cursor, limit });
      await new Promise((resolve) => setImmediate(resolve));
      if (cursor >= failAfter) throw new Error(`page after ${cursor} failed`);
      const rows: EventRow[] = [];
      for (let p = cursor + 1; p <= Math.min(size, cursor + limit); p++) rows.push(row(p));
      cursor += rows.length;
      return rows;
    };
  };
  return { asked, start };
};

const positions = async (events: AsyncIterable<{ position: number }>, stopAt = Number.POSITIVE_INFINITY): Promise<number[]> => {
  const seen: number[] = [];
  for await (const event of events) {
    seen.push(event.position);
    if (seen.length >= stopAt) break;
  }
  return seen;
};

describe('pagedEvents', () => {
  it('hands out every row once, in order, and asks for the next page before the caller has read the current one', async () => {
    const source = log(25);
    const seen: number[] = [];
    const askedWhenFirstPageBegan: number[] = [];
    for await (const event of pagedEvents(10, Number.POSITIVE_INFINITY, source.start)) {
      if (event.position === 1) askedWhenFirstPageBegan.push(source.asked.length);
      seen.push(event.position);
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // the second page was asked for before the first page's first event reached the caller
    expect(askedWhenFirstPageBegan).toEqual([2]);
    expect(source.asked).toEqual([
      { after: 0, limit: 10 },
      { after: 10, limit: 10 },
      { after: 20, limit: 10 },
    ]);
  });

  it('never asks for more rows than maxCount, and stops after a short page', async () => {
    const source = log(100);
    expect(await positions(pagedEvents(10, 23, source.start))).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(source.asked.map((a) => a.limit)).toEqual([10, 10, 3]);

    const exact = log(20);
    expect(await positions(pagedEvents(10, Number.POSITIVE_INFINITY, exact.start))).toHaveLength(20);
    // a full last page cannot tell there is nothing behind it: one more (empty) page is asked, none after
    expect(exact.asked.map((a) => a.after)).toEqual([0, 10, 20]);

    const none = log(100);
    expect(await positions(pagedEvents(10, 0, none.start))).toEqual([]);
    expect(none.asked).toEqual([]);
  });

  it('reports a failed page to the caller when the caller reaches it, after the rows before it', async () => {
    const source = log(100, 20);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const event of pagedEvents(10, Number.POSITIVE_INFINITY, source.start)) seen.push(event.position);
      })(),
    ).rejects.toThrow('page after 20 failed');
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('leaves no unhandled failure behind when the caller stops before the page read ahead', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const source = log(100, 10);
      expect(await positions(pagedEvents(10, Number.POSITIVE_INFINITY, source.start), 5)).toEqual([1, 2, 3, 4, 5]);
      // the page read ahead (after 10) was asked for and failed meanwhile
      expect(source.asked.map((a) => a.after)).toEqual([0, 10]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
