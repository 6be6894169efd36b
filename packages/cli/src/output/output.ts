import type { CliIo } from '../runtime/cli-io';

/** Prints a command's result: JSON for scripts (`--json`, one document on stdout), lines for people. */
export type Output = Readonly<{
  json: boolean;
  /** Prints `value` as JSON with --json, otherwise the human lines. */
  result(human: () => readonly string[], value: unknown): void;
  /** A line for people only (progress, hints); silent with --json. */
  note(line: string): void;
}>;

export const createOutput = (io: CliIo, json: boolean): Output => ({
  json,
  result(human, value) {
    if (json) io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else for (const line of human()) io.stdout(`${line}\n`);
  },
  note(line) {
    if (!json) io.stdout(`${line}\n`);
  },
});
