// A second process for the two-process tests: appends `batches` batches of `batchSize` events to one
// stream through the BUILT package (dist), deciding each append against the revision it read and
// retrying on every conflict (mode `expected`, the default), or as fast as it can (mode `any`). Prints "ready", waits for "go" on stdin (so both workers start
// together), then prints one JSON line: { worker, batches, conflicts }.
'use strict';
const { createSqliteEventStore } = require('../dist/index.js');

const [path, worker, batchesText, batchSizeText, stream, mode = 'expected'] = process.argv.slice(2);
const batches = Number(batchesText);
const batchSize = Number(batchSizeText);
const decide = () => new Promise((resolve) => setTimeout(resolve, 1));
const go = () => new Promise((resolve) => process.stdin.once('data', resolve));

const main = async () => {
  const store = createSqliteEventStore({ path, busyTimeoutMs: 10_000 });
  process.stdout.write('ready\n');
  await go();
  process.stdin.pause();
  let conflicts = 0;
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
      if (mode === 'any') {
        await store.appendToStream(stream, events, { expectedRevision: 'any' });
        break;
      }
      const revision = await store.streamRevision(stream);
      // The time a command takes to decide: the other process may append meanwhile.
      await decide();
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
