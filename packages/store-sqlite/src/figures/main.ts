// Prints the SQLite figures: node packages/store-sqlite/dist/figures/main.js [events]
import { formatThroughput, measureSqliteThroughput } from './measure-throughput';

const events = Number(process.argv[2] ?? 100_000);
measureSqliteThroughput({ events }).then(
  (figures) => process.stdout.write(`${formatThroughput(figures)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
