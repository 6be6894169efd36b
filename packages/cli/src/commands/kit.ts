import type { Command } from 'commander';
import type { ExitCode } from '../errors/exit-codes';
import { createOutput, type Output } from '../output/output';
import type { CliIo } from '../runtime/cli-io';
import { globalOptionsOf, type GlobalOptions } from '../runtime/global-options';
import { openContext, type CliContext, type OpenContextOptions } from '../runtime/open-context';

/** What an action gets: its options and arguments, the global options, where to print, and the store on demand. */
export type ActionCall<Options> = Readonly<{
  options: Options;
  /** Positional arguments, as commander parsed them (variadic ones are arrays). */
  args: readonly unknown[];
  globals: GlobalOptions;
  io: CliIo;
  out: Output;
  /** Opens the store and depledger for the duration of `work`, and closes them whatever happens. */
  withContext<T>(work: (context: CliContext) => Promise<T>, options?: OpenContextOptions): Promise<T>;
}>;

export type ActionHandler<Options> = (call: ActionCall<Options>) => Promise<ExitCode | void>;

/** Shared by every command of one run: where to print and the exit code the run ends with. */
export type Kit = Readonly<{
  io: CliIo;
  action<Options>(handler: ActionHandler<Options>): (...args: unknown[]) => Promise<void>;
}>;

export type RunState = { exitCode: ExitCode };

export const createKit = (io: CliIo, state: RunState): Kit => ({
  io,
  action:
    <Options>(handler: ActionHandler<Options>) =>
    async (...received: unknown[]) => {
      const command = received[received.length - 1] as Command;
      const globals = globalOptionsOf(command.optsWithGlobals());
      const call: ActionCall<Options> = {
        options: command.opts() as Options,
        args: received.slice(0, -2),
        globals,
        io,
        out: createOutput(io, globals.json, globals.lang),
        async withContext<T>(work: (context: CliContext) => Promise<T>, options?: OpenContextOptions): Promise<T> {
          const context = await openContext(globals, io, options);
          let result: T;
          try {
            result = await work(context);
          } catch (error) {
            await context.close({ failed: true });
            throw error;
          }
          await context.close();
          return result;
        },
      };
      const code = await handler(call);
      if (code !== undefined) state.exitCode = code;
    },
});
