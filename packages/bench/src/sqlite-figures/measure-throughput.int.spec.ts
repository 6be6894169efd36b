import { formatThroughput, measureSqliteThroughput } from './measure-throughput';

describe('measureSqliteThroughput', () => {
  it('measures the store and the bare loop on the same events, and reads every event back', async () => {
    const figures = await measureSqliteThroughput({ events: 3000, batchSize: 500, rounds: 1 });
    expect(figures).toMatchObject({ events: 3000, batchSize: 500 });
    for (const value of [figures.append.store, figures.append.bare, figures.readAndDecode.store, figures.readAndDecode.bare]) {
      expect(value).toBeGreaterThan(0);
    }
    expect(formatThroughput(figures)).toContain('append, batches of 500');
  });
});
