/** Where the command reads and writes: the process by default, something else in tests or when embedded. */
export type CliIo = Readonly<{
  stdout: (text: string) => void;
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
  stderr: (text) => void process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
  progressStream: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
