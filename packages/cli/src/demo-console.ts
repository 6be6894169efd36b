import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { message } from '@depledger/core';
import { depledgerBin } from './demo/demo-shell';

/**
 * `node packages/cli/dist/demo-console.js [--lang fr|en] [--port 8080]`, behind `pnpm demo:console`:
 * the console on the walk-through's data. It issues an API key for the browser with the real
 * `depledger api-key create`, then runs `depledger serve` on ./depledger.db until Ctrl-C.
 */
const main = async (): Promise<number> => {
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  const { values } = parseArgs({ args, options: { lang: { type: 'string', default: 'fr' }, port: { type: 'string', default: '8080' } } });
  if (values.lang !== 'fr' && values.lang !== 'en') {
    process.stderr.write(`error USAGE: --lang must be fr or en (found ${JSON.stringify(values.lang)}).\n`);
    return 2;
  }
  if (!existsSync(join(process.cwd(), 'depledger.db')) && process.env['DEPLEDGER_STORE'] === undefined) {
    process.stderr.write(`${message(values.lang, 'demo.console.noStore')}\n`);
    return 1;
  }
  const issued = await new Promise<{ key: string; keyId: string }>((resolve, reject) =>
    execFile(
      process.execPath,
      [depledgerBin, 'api-key', 'create', '--name', 'demo-console', '--scope', 'read', 'write', '--json'],
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout) as { key: string; keyId: string }),
    ),
  );
  const url = `http://127.0.0.1:${values.port}/`;
  process.stdout.write(`${message(values.lang, 'demo.console.signIn', { url, keyId: issued.keyId })}\n\n  ${issued.key}\n\n`);
  const serve = spawn(process.execPath, [depledgerBin, 'serve', '--port', values.port, '--no-schedule', '--lang', values.lang], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the server too (same terminal); it stops cleanly and this process follows it out
  process.on('SIGINT', () => undefined);
  return new Promise<number>((resolve) => serve.on('exit', (code) => resolve(code ?? 0)));
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
