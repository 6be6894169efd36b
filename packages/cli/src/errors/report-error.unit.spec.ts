import { CommanderError } from 'commander';
import { RuleViolation, ValidationError } from '@depledger/core';
import { CliError } from './cli-error';
import { describeError, reportError } from './report-error';

describe('reportError', () => {
  it('prints one line, error CODE: message, and returns the exit code', () => {
    let written = '';
    const code = reportError(
      new RuleViolation('TOKEN_NOT_FOUND', 'There is no token paris:\ngenerate its key first.'),
      (t) => (written += t),
    );
    expect(written).toBe('error TOKEN_NOT_FOUND: There is no token paris: generate its key first.\n');
    expect(code).toBe(1);
  });

  it("gives bad input exit code 2: validation errors, commander usage errors, the command's own", () => {
    expect(describeError(new ValidationError('profile', [{ path: 'url', message: 'must be a URL' }], 'PROFILE_INVALID')).exitCode).toBe(2);
    expect(describeError(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toEqual({
      code: 'USAGE',
      message: "unknown option '--x' — see --help.",
      details: {},
      exitCode: 2,
    });
    expect(describeError(new CliError('FILE_NOT_FOUND', 'x.p7m does not exist.')).exitCode).toBe(2);
  });

  it('prints one line of JSON with code, message and details when asked, with the exit code of the catalogue', () => {
    let written = '';
    const code = reportError(
      new CliError('FILE_NOT_FOUND', 'x.p7m does not exist:\ncheck the path.', { path: 'x.p7m' }),
      (t) => (written += t),
      { json: true },
    );
    expect(written.endsWith('\n')).toBe(true);
    expect(written.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(written)).toEqual({
      code: 'FILE_NOT_FOUND',
      message: 'x.p7m does not exist: check the path.',
      details: { path: 'x.p7m' },
    });
    expect(code).toBe(2);
  });

  it('says the failure in French with --lang fr: the code’s French text and the details, or the command’s own French', () => {
    let written = '';
    reportError(new RuleViolation('TOKEN_NOT_FOUND', 'There is no token paris.', { tokenId: 'paris' }), (t) => (written += t), {
      lang: 'fr',
    });
    expect(written).toBe('erreur TOKEN_NOT_FOUND : Ce jeton n’existe pas : générez d’abord sa clé de chiffrement. (tokenId : paris)\n');
    const both = new CliError('INVALID_INPUT', { fr: 'Donnez --once ou --plan.', en: 'Give --once or --plan.' });
    expect(describeError(both, 'fr').message).toBe('Donnez --once ou --plan.');
    expect(describeError(both, 'en').message).toBe('Give --once or --plan.');
    expect(describeError(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), 'fr').message).toBe(
      'La ligne de commande est fausse (option inconnue, argument manquant) : voyez --help. (« --x »)',
    );
  });

  it('reports anything unexpected without a stack', () => {
    const reported = describeError(new TypeError('boom'));
    expect(reported.code).toBe('UNEXPECTED');
    expect(reported.message).toContain('boom');
    expect(reported.message).not.toContain(' at ');
  });
});
