import { spawn } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describeErrorCode } from '@depledger/core';
import { scratch, seedFrom } from './support';

/**
 * Issue 10, "Bad input", the command line: the `depledger` command (built by `pnpm test:long`)
 * with fixed and random arguments, a process per run. Each run ends with a documented exit code,
 * one line on failure and never a stack trace. A long spec: the random runs are what it proves, and
 * each is a process. Profiles and stored events are bad-input.int.spec.ts.
 */
// Thirty CLI processes take about 15 s alone; the limit only guards against a hang on a busy machine.
jest.setTimeout(600_000);

const seed = seedFrom('DEPLEDGER_FUZZ_SEED');
const CLI_RUNS = Number(process.env.DEPLEDGER_CLI_FUZZ_RUNS ?? 30);
const cli = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'bin.js');

const tmp = scratch('bad-input-cli');
afterAll(() => tmp.remove());

describe('the depledger command with random arguments', () => {
  type Ran = Readonly<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>;
  const runCli = (args: readonly string[]): Promise<Ran> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], {
        cwd: tmp.dir,
        env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, DEPLEDGER_SIMULATOR_URL: 'http://127.0.0.1:9', DEPLEDGER_APPLE_ATTEMPTS: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, 120_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, timedOut });
      });
    });

  const storeArg = () => `sqlite:${tmp.file('cli.db')}`;
  /** `--json` before any `--`: the failure is then one line of JSON `{ code, message, details }` with the catalogue's exit code. */
  const asksForJson = (args: readonly string[]) => {
    const end = args.indexOf('--');
    return (end === -1 ? args : args.slice(0, end)).includes('--json');
  };
  const isOneLineFailure = (args: readonly string[], ran: Ran): boolean => {
    // one line in the language asked for (French by default): `erreur CODE : …` or `error CODE: …`
    if (!asksForJson(args)) return /^(?:error [A-Z][A-Z0-9_]*: |erreur [A-Z][A-Z0-9_]* : )[^\n]+\n$/.test(ran.stderr);
    if (!/^[^\n]+\n$/.test(ran.stderr)) return false;
    try {
      const error = JSON.parse(ran.stderr) as { code?: unknown; message?: unknown; details?: unknown };
      return (
        Object.keys(error).sort().join() === 'code,details,message' &&
        typeof error.code === 'string' &&
        describeErrorCode(error.code)?.exitCode === ran.code &&
        typeof error.message === 'string' &&
        error.message.length > 0 &&
        typeof error.details === 'object' &&
        error.details !== null
      );
    } catch {
      return false;
    }
  };
  const checkRan = (args: readonly string[], ran: Ran) => {
    const context = { args, code: ran.code, stderr: ran.stderr.slice(0, 500) };
    expect({ ...context, timedOut: ran.timedOut }).toEqual({ ...context, timedOut: false });
    expect([0, 1, 2, 3, 4]).toContain(ran.code);
    expect({ ...context, stack: /\n\s+at .+\(?.*:\d+:\d+\)?/.test(ran.stdout + ran.stderr) }).toEqual({ ...context, stack: false });
    expect(ran.stderr).not.toContain('UNEXPECTED');
    // 1 and 2: refused or bad input, one line on stderr (`error CODE: message`, or JSON under --json);
    // 3 and 4: a sync refused or cut short, its result on stdout.
    if (ran.code === 1 || ran.code === 2)
      expect({ ...context, oneLine: isOneLineFailure(args, ran) }).toEqual({ ...context, oneLine: true });
    if (ran.code === 3 || ran.code === 4)
      expect({ ...context, explained: ran.stdout.trim().length > 0 && ran.stderr === '' }).toEqual({ ...context, explained: true });
  };

  beforeAll(async () => {
    const made = await runCli(['key', 'generate', '--token', 'paris', '--out', tmp.file('paris.pem'), '--store', storeArg()]);
    expect(made.code).toBe(0);
  });

  it.each([
    [['--bogus']],
    [['sync', '--token']],
    [['sync', '--token', 'paris', '--store', 'sqlite:/nonexistent/dir/x.db']],
    [['token', 'upload', '--token', 'paris', '--file', '/nonexistent.p7m', '--apple-id', 'a@b.c']],
    [['profile', 'define', 'corp', '--token', 'paris', '--name', '', '--url', 'ftp://x']],
    [['devices', '--status', 'exploded']],
    [['history', 'not a serial']],
    [['enroll', '../../etc', '--user', 'x']],
    [['--lang', 'de', 'devices']],
    [['sync', '--token', 'paris', '--apple-url', 'http://127.0.0.1:9']],
    [['rebuild', 'no-such-read-model']],
    [['assign', '--profile', 'corp', '--token', 'paris']],
  ])('fixed: %j → one line, a documented exit code, no stack', async (args) => {
    const full = [...args, ...(args.includes('--store') ? [] : ['--store', storeArg()])];
    const ran = await runCli(full);
    checkRan(full, ran);
    expect(ran.code).not.toBe(0);
  });

  it(`random arguments (${CLI_RUNS} runs, seed ${seed}): a documented exit code, one line on failure, never a stack trace`, async () => {
    const commands = [
      'key generate',
      'token upload',
      'token verify',
      'token remove',
      'tokens',
      'profile define',
      'profile revise',
      'profile publish',
      'profile default',
      'profile list',
      'profile retire',
      'assign',
      'sync',
      'devices',
      'summary',
      'history',
      'enroll',
      'unenroll',
      'rebuild',
      'simulator portal servers',
      'simulator power-on',
      'frobnicate',
      '',
    ];
    const flags = [
      '--token',
      '--store',
      '--apple-url',
      '--lang',
      '--json',
      '--help',
      '--full',
      '--out',
      '--file',
      '--apple-id',
      '--name',
      '--url',
      '--status',
      '--profile',
      '--user',
      '--skip',
      '--clear',
      '--serials',
      '--order',
      '--csv',
      '--server',
      '--x',
      '-q',
      '--',
    ];
    const value = fc.oneof(
      fc.constantFrom(
        'paris',
        'corp',
        'C02XK1ABCD12',
        'fr',
        'en',
        'enrolled',
        'sqlite:',
        'esdb://127.0.0.1:1',
        'http://127.0.0.1:9',
        tmp.file('nothing'),
        '',
        '-1',
        '1e309',
        'x'.repeat(300),
      ),
      fc.string({ maxLength: 20 }),
    );
    const args = fc.tuple(
      fc.constantFrom(...commands),
      fc.array(fc.tuple(fc.constantFrom(...flags), fc.option(value, { nil: undefined })), { maxLength: 5 }),
      fc.array(value, { maxLength: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(args, async ([command, options, positional]) => {
        const argv = [
          ...command.split(' ').filter(Boolean),
          ...positional,
          ...options.flatMap(([f, v]) => (v === undefined ? [f] : [f, v])),
        ];
        // Always this test's store and never Apple: the flags drawn come after and may override them.
        const full = ['--store', storeArg(), '--apple-url', 'http://127.0.0.1:9', ...argv];
        const ran = await runCli(full);
        // No command word at all: `depledger` answers with its usage on stderr and exit code 2 (the
        // one documented answer that is more than one line), headed in the language asked for (French
        // by default: `Utilisation : depledger`); every other case follows checkRan's rules.
        if (command === '' && positional.length === 0 && ran.code === 2 && /^(?:Usage: |Utilisation : )depledger /.test(ran.stderr)) return;
        checkRan(full, ran);
      }),
      { numRuns: CLI_RUNS, seed, endOnFailure: true },
    );
  });
});
