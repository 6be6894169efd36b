import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { messageLabel } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import type { Narration } from './narration';

/** The real `depledger` binary beside the demo in dist/. */
export const depledgerBin = resolve(__dirname, '..', 'bin.js');

export type ShellResult = Readonly<{ code: number; stdout: string; stderr: string }>;

const quote = (arg: string): string => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/** Runs `depledger …` as a child process in `cwd`, printing the command first and its output after. */
export type DemoShell = Readonly<{
  run(args: readonly string[], options?: { quiet?: boolean; expectCode?: number }): Promise<ShellResult>;
  /** The command line as printed, without running it (for commands started in the background). */
  show(args: readonly string[]): void;
  spawnArgs(args: readonly string[]): readonly string[];
}>;

export const createDemoShell = (
  cwd: string,
  narration: Narration,
  extraArgs: readonly string[],
  env: Readonly<Record<string, string>> = {},
): DemoShell => {
  const withExtras = (args: readonly string[]) => [...args, ...extraArgs];
  const show = (args: readonly string[]) => narration.command(`depledger ${withExtras(args).map(quote).join(' ')}`);
  return {
    show,
    spawnArgs: (args) => [depledgerBin, ...withExtras(args)],
    run(args, options = {}) {
      if (!options.quiet) show(args);
      return new Promise((done, fail) => {
        execFile(
          process.execPath,
          [depledgerBin, ...withExtras(args)],
          { cwd, env: { ...process.env, ...env, FORCE_COLOR: '0' } },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
            if (!options.quiet) narration.output(`${stderr}${stdout}`);
            const expected = options.expectCode ?? 0;
            if (code !== expected) {
              // the command's own output is in the demo's language: it is said as it is
              const said = { command: args.join(' '), code, expected, output: stderr.trim() || stdout.trim() };
              fail(new CliError('DEMO_STEP_FAILED', messageLabel('demo.stepFailed', said), { command: said.command, exitCode: code }));
              return;
            }
            done({ code, stdout, stderr });
          },
        );
      });
    },
  };
};
