// A separate process appending through the built package (dist), for the several-writers tests.
// argv: url schema worker batches batchSize copyFromEvents
// Prints "ready" once the store is open, waits for "go" on stdin, then appends:
//   - `batches` batches of `batchSize` events to its own streams (worker-<w>-<b % 3>),
//   - after each batch, one event to the shared stream `shared` with the revision it just read,
//     retried on ConcurrencyError (optimistic concurrency across processes).
// Ends by printing a JSON report.
const { openPostgresEventStore } = require('../dist/index.js');

const [url, schema, worker, batchesText, batchSizeText, copyFromText] = process.argv.slice(2);
const batches = Number(batchesText);
const batchSize = Number(batchSizeText);

const event = (id, data) => ({
  type: 'WorkerAppended.v1',
  data,
  metadata: {
    eventId: id,
    occurredAt: new Date(0).toISOString(),
    actor: 'system:test',
    correlationId: null,
    causationId: null,
    tokenId: null,
  },
});

const main = async () => {
  const store = await openPostgresEventStore({ url, schema, maxConnections: 2, copyFromEvents: Number(copyFromText ?? 500) });
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  let conflicts = 0;
  let commits = 0;
  for (let b = 0; b < batches; b++) {
    const events = Array.from({ length: batchSize }, (_, i) => event(`${worker}-${b}-${i}`, { worker, batch: b, index: i }));
    await store.appendToStream(`worker-${worker}-${b % 3}`, events, { expectedRevision: 'any' });
    for (;;) {
      const revision = await store.streamRevision('shared');
      try {
        await store.appendToStream('shared', [event(`${worker}-shared-${b}`, { worker, batch: b, sawRevision: revision })], {
          expectedRevision: revision,
        });
        commits += 1;
        break;
      } catch (error) {
        if (error.code !== 'CONCURRENCY_CONFLICT') throw error;
        conflicts += 1;
      }
    }
  }
  await store.close();
  process.stdout.write(JSON.stringify({ worker, commits, conflicts }));
};

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
