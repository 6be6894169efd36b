// A second process for the two-process tests: appends `batches` batches of `batchSize` events to one
// stream through the BUILT package (dist) from a given start time, re-reading and retrying on every
// revision conflict.
// Prints one JSON line: { worker, batches, conflicts }.
'use strict';
const { createSqliteEventStore } = require('../dist/index.js');

const [path, worker, batchesText, batchSizeText, stream, startAtText] = process.argv.slice(2);
const batches = Number(batchesText);
const batchSize = Number(batchSizeText);

const main = async () => {
  const store = createSqliteEventStore({ path, busyTimeoutMs: 10_000 });
  let conflicts = 0;
  // Both workers start at the same moment, so their appends really overlap.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtText) - Date.now())));
  for (let batch = 0; batch < batches; batch += 1) {
    const events = Array.from({ length: batchSize }, (_, index) => ({
      type: 'WorkerAppended.v1',
      data: { worker, batch, index, of: batchSize },
      metadata: {
        eventId: `${worker}-${batch}-${index}`,
        occurredAt: new Date().toISOString(),
        actor: `system:${worker}`,
        correlationId: `${worker}-${batch}`,
        causationId: null,
        tokenId: null,
      },
    }));
    for (;;) {
      const revision = await store.streamRevision(stream);
      try {
        await store.appendToStream(stream, events, { expectedRevision: revision === -1 ? 'no_stream' : revision });
        break;
      } catch (error) {
        if (error && error.code === 'CONCURRENCY_CONFLICT') conflicts += 1;
        else throw error;
      }
    }
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ worker, batches, conflicts })}\n`);
};

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
