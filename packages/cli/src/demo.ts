import { parseArgs } from 'node:util';
import { runDemo } from './demo/run-demo';

/** `node packages/cli/dist/demo.js [--lang en] [--store postgres://…]`: the walk-through behind `pnpm demo`. */
const main = async (): Promise<number> => {
  // `pnpm demo -- --store …` hands the `--` over: skip it.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  const { values } = parseArgs({
    args,
    options: { lang: { type: 'string', default: 'fr' }, store: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help === true) {
    process.stdout.write(
      "Usage: node packages/cli/dist/demo.js [--lang fr|en] [--store postgres://user@host:5432/db]\nReplays the Intune document's eight steps against a local Apple simulator into ./depledger.db (or PostgreSQL, schema depledger_demo).\n",
    );
    return 0;
  }
  if (values.store !== undefined && !/^postgres(ql)?:\/\//i.test(values.store)) {
    process.stderr.write(
      'error USAGE: --store takes a PostgreSQL URL (postgres://user@host:5432/database); without it the demo uses ./depledger.db.\n',
    );
    return 2;
  }
  if (values.lang !== 'fr' && values.lang !== 'en') {
    process.stderr.write(`error USAGE: --lang must be fr or en (found ${JSON.stringify(values.lang)}).\n`);
    return 2;
  }
  await runDemo({
    cwd: process.cwd(),
    lang: values.lang,
    ...(values.store === undefined ? {} : { store: values.store }),
    write: (text) => void process.stdout.write(text),
  });
  return 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error DEMO_FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
