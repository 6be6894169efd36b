// Prints the SQLite figures: node packages/bench/dist/sqlite-figures/main.js [events] [all | events | read-models]
import { formatReadModelRebuild, measureReadModelRebuild } from './measure-read-model-rebuild';
import { formatThroughput, measureSqliteThroughput } from './measure-throughput';

const events = Number(process.argv[2] ?? 100_000);
const which = process.argv[3] ?? 'all';

const main = async () => {
  if (which === 'all' || which === 'events') process.stdout.write(`${formatThroughput(await measureSqliteThroughput({ events }))}\n`);
  if (which === 'all' || which === 'read-models')
    process.stdout.write(`${formatReadModelRebuild(await measureReadModelRebuild({ events }))}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
