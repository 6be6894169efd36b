import { parseArgs } from 'node:util';
import { message, type Lang } from '@depledger/core';
import { runDemo } from './demo/run-demo';

/** The language asked with --lang, French when none (or one depledger does not speak) was asked. */
const langOf = (asked: string | undefined): Lang => (asked === 'en' ? 'en' : 'fr');

/** The language the demo speaks in, once its arguments are read: a failure is reported in it too. */
let spoken: Lang = 'fr';

/** `node packages/cli/dist/demo.js [--lang en] [--store postgres://…]`: the walk-through behind `pnpm demo`. */
const main = async (): Promise<number> => {
  // `pnpm demo -- --store …` hands the `--` over: skip it.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  const { values } = parseArgs({
    args,
    options: { lang: { type: 'string', default: 'fr' }, store: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  spoken = langOf(values.lang);
  if (values.help === true) {
    process.stdout.write(`${message(langOf(values.lang), 'demo.usage')}\n`);
    return 0;
  }
  if (values.store !== undefined && !/^postgres(ql)?:\/\//i.test(values.store)) {
    process.stderr.write(`${message(langOf(values.lang), 'demo.storeUsage')}\n`);
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
    process.stderr.write(`${message(spoken, 'demo.failed', { message: error instanceof Error ? error.message : String(error) })}\n`);
    process.exitCode = 1;
  },
);
