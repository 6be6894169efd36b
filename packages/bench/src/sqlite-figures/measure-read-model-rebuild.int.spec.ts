import { formatReadModelRebuild, measureReadModelRebuild } from './measure-read-model-rebuild';

describe('measureReadModelRebuild', () => {
  it('rebuilds device status into the SQLite and in-memory read models beside the bare loop, checking every device was built', async () => {
    const figures = await measureReadModelRebuild({ events: 2000, rounds: 2, batchSize: 300 });
    expect(figures).toMatchObject({ events: 2000, devices: 445 });
    for (const timing of [figures.sqlite, figures.inMemory, figures.bareReadAndParse]) {
      expect(Number.isFinite(timing.eventsPerSecond) && timing.eventsPerSecond > 0).toBe(true);
    }
    expect(formatReadModelRebuild(figures)).toContain('into the SQLite read models');
  });
});
