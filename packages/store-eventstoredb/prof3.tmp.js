const { startEventStoreDbStandIn } = require('./dist/index.js');
const { EventStoreDBClient, jsonEvent, BACKWARDS, END } = require('@eventstore/db-client');
(async () => {
  const s = await startEventStoreDbStandIn();
  const client = EventStoreDBClient.connectionString(s.connectionString);
  const meta = { eventId: 'x', occurredAt: '2026-01-01T00:00:00.000Z', actor: 'a', correlationId: 'c', causationId: null, tokenId: null };
  for (let b = 0; b < 20; b++) {
    const evs = Array.from({ length: 1000 }, (_, i) => jsonEvent({ type: 'T.v1', data: { n: b * 1000 + i }, metadata: meta }));
    await client.appendToStream('raw', evs);
  }
  for (let k = 0; k < 3; k++) {
    let t = Date.now(); let n = 0;
    for await (const e of client.readStream('raw')) n++;
    console.log('raw read 20k', n, Date.now() - t);
  }
  await client.dispose(); await s.stop();
})();
