import { once } from 'node:events';

/** Where the command reads and writes: the process by default, something else in tests or when embedded. */
export type CliIo = Readonly<{
  stdout: (text: string) => void;
  /**
   * Resolves once what was written to stdout has been taken by its reader (a pipe reads at its own
   * pace): long outputs wait for it so that they are not held in memory. Resolves at once when absent.
   */
  stdoutDrained?: () => Promise<void>;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: the sync shows a progress bar there, plain lines otherwise. */
  isTTY: boolean;
  /** The stream the progress bar draws on. */
  progressStream: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}>;

export const processIo = (): CliIo => ({
  stdout: (text) => void process.stdout.write(text),
  stdoutDrained: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : Promise.resolve()),
  stderr: (text) => void process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
  progressStream: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
