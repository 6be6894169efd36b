import { reportEscapedFailure } from './last-resort';

/** What `depledger` prints when a failure escapes its own reporting (bin.ts), for argv and the environment given. */
const escaped = (argv: readonly string[], env: Record<string, string> = {}): { written: string; code: number } => {
  let written = '';
  const code = reportEscapedFailure(new Error('the store closed under the command'), argv, env, (text) => (written += text));
  return { written, code };
};

describe('a failure that escapes the command (bin.ts)', () => {
  it('is said in French by default, as UNEXPECTED, with no English', () => {
    const { written, code } = escaped(['devices']);
    expect(written).toMatch(/^erreur UNEXPECTED : Un échec que depledger n’attendait pas/);
    expect(written).not.toContain('the store closed');
    expect(code).toBe(1);
  });

  it('is said in English with --lang en (or DEPLEDGER_LANG=en), with what failed', () => {
    expect(escaped(['devices', '--lang', 'en']).written).toMatch(
      /^error UNEXPECTED: the store closed under the command \(this is a depledger bug/,
    );
    expect(escaped(['devices'], { DEPLEDGER_LANG: 'en' }).written).toMatch(/^error UNEXPECTED: /);
    expect(escaped(['devices', '--lang=fr'], { DEPLEDGER_LANG: 'en' }).written).toMatch(/^erreur UNEXPECTED : /);
  });

  it('is one line of JSON with --json', () => {
    const { written } = escaped(['devices', '--json', '--lang', 'en']);
    expect(JSON.parse(written)).toMatchObject({ code: 'UNEXPECTED', message: expect.stringContaining('the store closed') });
  });
});
