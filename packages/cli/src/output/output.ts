import { message, type Lang, type MessageKey, type MessageParams } from '@depledger/core';
import type { CliIo } from '../runtime/cli-io';

/** Prints a command's result: JSON for scripts (`--json`, one document on stdout), lines for people. */
export type Output = Readonly<{
  json: boolean;
  /** The language people read (`--lang`): every line below comes from the message catalogue in it. */
  lang: Lang;
  /** A sentence of the message catalogue in `--lang`, its `{name}` placeholders filled. */
  t(key: MessageKey, params?: MessageParams): string;
  /** Prints `value` as JSON with --json, otherwise the human lines. */
  result(human: () => readonly string[], value: unknown): void;
  /** A line for people only (progress, hints); silent with --json. */
  note(line: string): void;
}>;

export const createOutput = (io: CliIo, json: boolean, lang: Lang = 'fr'): Output => ({
  json,
  lang,
  t: (key, params) => message(lang, key, params),
  result(human, value) {
    if (json) io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    else for (const line of human()) io.stdout(`${line}\n`);
  },
  note(line) {
    if (!json) io.stdout(`${line}\n`);
  },
});
