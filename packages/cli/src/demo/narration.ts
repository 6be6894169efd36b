import { message, type Lang, type MessageKey, type MessageParams } from '@depledger/core';

/** How the demo talks: step headers, narration and the commands it runs, on stdout, in one language. */
export type Narration = Readonly<{
  lang: Lang;
  /** A sentence of the message catalogue in the demo's language. */
  t(key: MessageKey, params?: MessageParams): string;
  step(number: string, title: string, intuneWords: string): void;
  say(text: string): void;
  command(line: string): void;
  output(text: string): void;
}>;

const rule = '─'.repeat(78);

export const createNarration = (write: (text: string) => void, lang: Lang): Narration => ({
  lang,
  t: (key, params) => message(lang, key, params),
  step(number, title, intuneWords) {
    write(`\n${rule}\n${message(lang, 'demo.step', { n: number, title })}\n  « ${intuneWords} »\n${rule}\n`);
  },
  say(text) {
    write(`${text}\n`);
  },
  command(line) {
    write(`\n$ ${line}\n`);
  },
  output(text) {
    const trimmed = text.replace(/\n+$/, '');
    if (trimmed !== '')
      write(
        `${trimmed
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}\n`,
      );
  },
});
