import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { message } from '@depledger/core';
import { demoUsageError, readDemoArguments } from './demo/demo-arguments';
import { depledgerBin } from './demo/demo-shell';
import { reportError } from './errors/report-error';

/**
 * `node packages/cli/dist/demo-console.js [--lang fr|en] [--port 8080]`, behind `pnpm demo:console`:
 * the console on the walk-through's data. It issues an API key for the browser with the real
 * `depledger api-key create`, then runs `depledger serve` on ./depledger.db until Ctrl-C.
 */
const asked = readDemoArguments(process.argv.slice(2), process.env, {
  port: { type: 'string', default: '8080' },
  help: { type: 'boolean', default: false },
});

const main = async (): Promise<number> => {
  if (!asked.ok) {
    process.stderr.write(`${asked.said}\n`);
    return 2;
  }
  const { lang, values } = asked;
  if (values['help'] === true) {
    process.stdout.write(`${message(lang, 'demo.console.usage')}\n`);
    return 0;
  }
  const port = String(values['port']);
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    process.stderr.write(`${demoUsageError(lang, message(lang, 'demo.console.portUsage', { value: JSON.stringify(port) }))}\n`);
    return 2;
  }
  if (!existsSync(join(process.cwd(), 'depledger.db')) && process.env['DEPLEDGER_STORE'] === undefined) {
    process.stderr.write(`${message(lang, 'demo.console.noStore')}\n`);
    return 1;
  }
  // the commands speak the console's language, whatever DEPLEDGER_LANG the shell has
  const env = { ...process.env, DEPLEDGER_LANG: lang };
  const created = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [depledgerBin, 'api-key', 'create', '--name', 'demo-console', '--scope', 'read', 'write', '--json'],
      { env },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    ),
  );
  // its failure is said by the command itself, in the language asked
  if (created.code !== 0) {
    process.stderr.write(created.stderr);
    return created.code;
  }
  const issued = JSON.parse(created.stdout) as { key: string; keyId: string };
  const url = `http://127.0.0.1:${port}/`;
  process.stdout.write(`${message(lang, 'demo.console.signIn', { url, keyId: issued.keyId })}\n\n  ${issued.key}\n\n`);
  const serve = spawn(process.execPath, [depledgerBin, 'serve', '--port', port, '--no-schedule', '--lang', lang], {
    env,
    stdio: 'inherit',
  });
  // Ctrl-C reaches the server too (same terminal); it stops cleanly and this process follows it out.
  // A SIGTERM sent to this process alone (a service manager, a test) is handed to the server.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => serve.kill('SIGTERM'));
  return new Promise<number>((resolve) => serve.on('exit', (code) => resolve(code ?? 0)));
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, (text) => process.stderr.write(text), { lang: asked.lang });
  },
);
