// A second process for the two-process read-model test: acts as a projection runner folding into
// one read-model version through the BUILT package (dist). `commits` times it reads the checkpoint
// and the shared `counter` document, takes a moment to fold, then commits the counter plus one and
// a document of its own while moving the checkpoint by one; on READ_MODEL_CHECKPOINT_CONFLICT it
// starts over from what is stored. Prints "ready", waits for "go" on stdin, then prints one JSON
// line: { worker, commits, conflicts }.
'use strict';
const { createSqliteReadModelStore, openSqliteDatabase } = require('../dist/index.js');

const [path, worker, name, versionText, commitsText] = process.argv.slice(2);
const address = { name, version: Number(versionText) };
const commits = Number(commitsText);
const fold = () => new Promise((resolve) => setTimeout(resolve, 1));
const go = () => new Promise((resolve) => process.stdin.once('data', resolve));

const main = async () => {
  const database = openSqliteDatabase(path, { busyTimeoutMs: 10_000 });
  const store = createSqliteReadModelStore(database);
  process.stdout.write('ready\n');
  await go();
  process.stdin.pause();
  let conflicts = 0;
  for (let commit = 0; commit < commits; commit += 1) {
    for (;;) {
      const checkpoint = await store.checkpoint(address);
      const counter = (await store.getMany(address, ['counter'])).get('counter') ?? { n: 0 };
      await fold();
      try {
        await store.commit(address, {
          expectedCheckpoint: checkpoint,
          checkpoint: checkpoint + 1,
          changes: [
            { key: 'counter', doc: { n: counter.n + 1 } },
            { key: `${worker}-${String(commit).padStart(4, '0')}`, doc: { worker, commit, checkpoint: checkpoint + 1 } },
          ],
        });
        break;
      } catch (error) {
        if (error && error.code === 'READ_MODEL_CHECKPOINT_CONFLICT') conflicts += 1;
        else throw error;
      }
    }
  }
  database.close();
  process.stdout.write(`${JSON.stringify({ worker, commits, conflicts })}\n`);
};

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
