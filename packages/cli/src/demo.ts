import { message } from '@depledger/core';
import { readDemoArguments, demoUsageError } from './demo/demo-arguments';
import { runDemo } from './demo/run-demo';
import { reportError } from './errors/report-error';

/** `node packages/cli/dist/demo.js [--lang en] [--store postgres://…]`: the walk-through behind `pnpm demo`. */
const asked = readDemoArguments(process.argv.slice(2), process.env, {
  store: { type: 'string' },
  help: { type: 'boolean', default: false },
});

const main = async (): Promise<number> => {
  if (!asked.ok) {
    process.stderr.write(`${asked.said}\n`);
    return 2;
  }
  const { lang, values } = asked;
  if (values['help'] === true) {
    process.stdout.write(`${message(lang, 'demo.usage')}\n`);
    return 0;
  }
  const store = values['store'];
  if (typeof store === 'string' && !/^postgres(ql)?:\/\//i.test(store)) {
    process.stderr.write(`${demoUsageError(lang, message(lang, 'demo.storeUsage'))}\n`);
    return 2;
  }
  await runDemo({
    cwd: process.cwd(),
    lang,
    ...(typeof store === 'string' ? { store } : {}),
    write: (text) => void process.stdout.write(text),
  });
  return 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  // a step that failed (DEMO_STEP_FAILED, with its output), the store, or a bug: said in the demo's language
  (error: unknown) => {
    process.exitCode = reportError(error, (text) => process.stderr.write(text), { lang: asked.lang });
  },
);
