// A durable consumer in its own process, for the SIGKILL test: consumes DeviceEnrolled events from
// a SQLite file through the BUILT packages (dist), its checkpoint in the file's read models. Each
// handled event is written to the delivery log (one line: position and event id) before the handler
// returns. Prints "ready" once started. With `hang-after:N` its handler never returns after the
// Nth delivery (the test kills it then, that event handled but not checkpointed); with
// `until-caught-up` it stops once caught up and prints one JSON line: { position, deadLetters }.
// A serial starting with POISON always fails.
'use strict';
const { appendFileSync } = require('node:fs');
const { depledgerSerde, startConsumer, systemClock } = require('@depledger/core');
const { readModelCheckpoints } = require('@depledger/projections');
const { createSqliteEventStore, createSqliteReadModelStore, openSqliteDatabase } = require('../dist/index.js');

const [path, deliveryLog, mode] = process.argv.slice(2);

const hangAfter = mode.startsWith('hang-after:') ? Number(mode.slice('hang-after:'.length)) : Infinity;
let delivered = 0;

const main = async () => {
  const database = openSqliteDatabase(path, { busyTimeoutMs: 10_000 });
  const store = createSqliteEventStore({ database, pollIntervalMs: 20 });
  const consumer = startConsumer({ store, serde: depledgerSerde, clock: systemClock }, 'mdm-webhooks', {
    types: ['DeviceEnrolled'],
    checkpoints: readModelCheckpoints(createSqliteReadModelStore(database)),
    maxAttempts: 2,
    backoff: { initialMs: 1, maxMs: 1 },
    handle: async (event) => {
      if (event.data.serial.startsWith('POISON')) throw new Error('the MDM refused this serial');
      appendFileSync(deliveryLog, `${event.position} ${event.metadata.eventId}\n`);
      // A promise that never settles does not keep Node alive: with nothing else pending (the
      // consumer awaits this handler, no poll timer is armed) the process would exit 0 before the
      // test kills it. A referenced timer holds it until the SIGKILL.
      if (++delivered >= hangAfter) await new Promise(() => setInterval(() => undefined, 60_000));
    },
  });
  process.stdout.write('ready\n');
  if (mode !== 'until-caught-up') return;
  await consumer.caughtUp();
  await consumer.stop();
  const end = await consumer.done;
  if (end.state === 'failed') throw end.error;
  process.stdout.write(`${JSON.stringify({ position: consumer.position(), deadLetters: await consumer.deadLetters() })}\n`);
  await store.close();
  database.close();
};

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
