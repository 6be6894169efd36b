/** How the demo talks: step headers, narration and the commands it runs, on stdout. */
export type Narration = Readonly<{
  step(number: string, title: string, intuneWords: string): void;
  say(text: string): void;
  command(line: string): void;
  output(text: string): void;
}>;

const rule = '─'.repeat(78);

export const createNarration = (write: (text: string) => void): Narration => ({
  step(number, title, intuneWords) {
    write(`\n${rule}\nStep ${number}: ${title}\n  « ${intuneWords} »\n${rule}\n`);
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
