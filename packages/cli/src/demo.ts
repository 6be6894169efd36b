import { parseArgs } from 'node:util';
import { runDemo } from './demo/run-demo';

/** `node packages/cli/dist/demo.js [--lang en]`: the walk-through behind `pnpm demo`. */
const main = async (): Promise<number> => {
  const { values } = parseArgs({ options: { lang: { type: 'string', default: 'fr' }, help: { type: 'boolean', default: false } } });
  if (values.help === true) {
    process.stdout.write("Usage: node packages/cli/dist/demo.js [--lang fr|en]\nReplays the Intune document's eight steps against a local Apple simulator into ./depledger.db.\n");
    return 0;
  }
  if (values.lang !== 'fr' && values.lang !== 'en') {
    process.stderr.write(`error USAGE: --lang must be fr or en (found ${JSON.stringify(values.lang)}).\n`);
    return 2;
  }
  await runDemo({ cwd: process.cwd(), lang: values.lang, write: (text) => void process.stdout.write(text) });
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
