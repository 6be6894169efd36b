import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../../..');
export const binPath = join(repoRoot, 'packages/cli/dist/bin.js');

/**
 * Builds the command (incremental: a no-op when dist is current) — unless jest's global setup
 * (jest.global-setup.cjs) built the whole workspace for this run already.
 */
export const buildCli = (): void => {
  if (process.env['DEPLEDGER_WORKSPACE_BUILT'] === '1') return;
  try {
    execFileSync(process.execPath, [join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc'), '-b', 'packages/cli'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`npx tsc -b packages/cli failed:\n${output}`);
  }
};

export type CliResult = Readonly<{ code: number; stdout: string; stderr: string }>;

export type Cli = ((...args: string[]) => Promise<CliResult>) & Readonly<{ dir: string }>;

/**
 * Runs the real binary (`node packages/cli/dist/bin.js …`) in `dir`, asynchronously so that a
 * simulator running in the test process keeps answering. It speaks English (DEPLEDGER_LANG=en)
 * unless the test asks for French with `--lang fr` or the env; the default language, French, is
 * checked where the languages are (e2e/one-language.long.spec.ts).
 */
export const cliIn = (dir: string, env: Readonly<Record<string, string>> = {}): Cli => {
  const call = (...args: string[]) =>
    new Promise<CliResult>((done) => {
      execFile(
        process.execPath,
        [binPath, ...args],
        { cwd: dir, env: { ...process.env, DEPLEDGER_APPLE_ATTEMPTS: '1', DEPLEDGER_VAULT_KEY: '', DEPLEDGER_LANG: 'en', ...env } },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          done({ code, stdout, stderr });
        },
      );
    });
  return Object.assign(call, { dir });
};

export const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `depledger-cli-${name}-`));

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** Parses a command's --json output, failing with the output when it is not JSON. */
export const json = <T = unknown>(result: CliResult): T => {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
};

/** Waits for something a process reaches on its own; jest's timeout is the only limit. */
export const eventually = async <T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T> => {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
