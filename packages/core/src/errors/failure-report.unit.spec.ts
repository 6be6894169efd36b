import {
  ConcurrencyError,
  describeErrorCode,
  describeFailure,
  errorCatalogue,
  GatewayError,
  isErrorCode,
  RuleViolation,
  ValidationError,
} from '../index';

describe('describeErrorCode', () => {
  it("gives a code's meaning, exit code and HTTP status, and nothing for a string that is no code", () => {
    expect(describeErrorCode('TOKEN_NOT_FOUND')).toEqual({ code: 'TOKEN_NOT_FOUND', ...errorCatalogue.TOKEN_NOT_FOUND });
    expect(describeErrorCode('INVALID_INPUT')).toMatchObject({ exitCode: 2, httpStatus: 400 });
    expect(describeErrorCode('NOT_A_CODE')).toBeUndefined();
    expect(describeErrorCode('toString')).toBeUndefined();
    expect(isErrorCode('constructor')).toBe(false);
  });
});

describe('describeFailure', () => {
  it('reports a DepledgerError with its code, message and details, and the exit code and status of its code', () => {
    const report = describeFailure(
      new RuleViolation('TOKEN_IN_USE', 'Token paris still has 2 device(s).', { tokenId: 'paris', devices: 2 }),
    );
    expect(report).toEqual({
      code: 'TOKEN_IN_USE',
      message: 'Token paris still has 2 device(s).',
      details: { tokenId: 'paris', devices: 2 },
      exitCode: 1,
      httpStatus: 409,
    });
    expect(describeFailure(new ValidationError('profile', [{ path: 'url', message: 'must be a URL' }], 'PROFILE_INVALID'))).toMatchObject({
      code: 'PROFILE_INVALID',
      exitCode: 2,
      httpStatus: 400,
    });
    expect(describeFailure(new ConcurrencyError('dep-token-paris', '1', '2'))).toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      httpStatus: 409,
    });
  });

  it("maps each gateway failure to its catalogue code (no code built from the failure's name)", () => {
    expect(new GatewayError('terms_not_signed', 'accept the terms').code).toBe('GATEWAY_TERMS_NOT_SIGNED');
    expect(describeFailure(new GatewayError('unavailable', 'later'))).toMatchObject({ code: 'GATEWAY_UNAVAILABLE', httpStatus: 503 });
  });

  it('reports anything else as UNEXPECTED, with its message and no details', () => {
    expect(describeFailure(new TypeError('boom'))).toEqual({
      code: 'UNEXPECTED',
      message: 'boom',
      details: {},
      exitCode: 1,
      httpStatus: 500,
    });
    expect(describeFailure('plain text')).toMatchObject({ code: 'UNEXPECTED', message: 'plain text' });
  });

  it('reports an error shaped like a DepledgerError whose code this core does not know as UNEXPECTED, naming the code', () => {
    const foreign = Object.assign(new Error('from another version'), { code: 'SOMETHING_LATER', details: { id: 1 } });
    expect(describeFailure(foreign)).toEqual({
      code: 'UNEXPECTED',
      message: 'SOMETHING_LATER: from another version',
      details: { code: 'SOMETHING_LATER' },
      exitCode: 1,
      httpStatus: 500,
    });
  });
});
