import { describeErrorCode } from '@depledger/core';
import type { CliResult } from '../test-support/cli-process';
import { keysAndLyonServerToken, simulatedCli, tokenUploadArgs } from '../test-support/simulated-token';
import { eventCount } from '../test-support/store-probe';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

type JsonError = { code: string; message: string; details: Record<string, unknown> };

/** Under --json: nothing on stdout, one line of JSON on stderr (code, message, details and nothing else), the catalogue's exit code. */
const expectJsonError = (result: CliResult, code: string): JsonError => {
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  const error = JSON.parse(result.stderr) as JsonError;
  expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message']);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/\S/);
  expect(result.code).toBe(describeErrorCode(code)!.exitCode);
  return error;
};

describe('with --json, a failure is one line of JSON on stderr and the exit code is the catalogue’s', () => {
  const e2e = simulatedCli('json-errors', { prepare: keysAndLyonServerToken });
  const { db, cli } = e2e;

  it('a usage error (before any option is parsed), wherever --json stands: USAGE, exit 2', async () => {
    const error = expectJsonError(await cli('--json', 'devices', '--bogus'), 'USAGE');
    expect(error.message).toContain("unknown option '--bogus'");
    expect(error.details).toEqual({});
    expectJsonError(await cli('frobnicate', '--json'), 'USAGE');
  });

  it('a missing file: FILE_NOT_FOUND with the path in details, exit 2, nothing recorded', async () => {
    const before = await eventCount(db);
    const error = expectJsonError(await cli(...tokenUploadArgs('paris', 'nowhere.p7m', e2e.url), '--json'), 'FILE_NOT_FOUND');
    expect(error.details).toEqual({ path: 'nowhere.p7m' });
    expect(await eventCount(db)).toBe(before);
  });

  it('a rule of the domain: TOKEN_NOT_UPLOADED, exit 1', async () => {
    expectJsonError(await cli('token', 'verify', '--token', 'paris', '--apple-url', e2e.url, '--json'), 'TOKEN_NOT_UPLOADED');
  });

  it('a server token made for another key: SERVER_TOKEN_WRONG_KEY, exit 2, no secret and no Apple ID in the JSON', async () => {
    const result = await cli(...tokenUploadArgs('paris', 'lyon.p7m', e2e.url), '--json');
    expectJsonError(result, 'SERVER_TOKEN_WRONG_KEY');
    expect(result.stderr).not.toMatch(/alice@|CS_|AS_|AT_|PRIVATE KEY/);
  });

  it('a refusal of the simulator: the catalogue’s SIMULATOR_UNKNOWN_SERVER with what the simulator said in details, exit 1', async () => {
    const error = expectJsonError(
      await cli('simulator', 'portal', 'assign', '--server', 'NOPE', '--order', 'W1', '--simulator-url', e2e.url, '--json'),
      'SIMULATOR_UNKNOWN_SERVER',
    );
    expect(error.details).toEqual({ error: 'UNKNOWN_SERVER', httpStatus: 404 });
  });

  it('without --json the same failure stays one line of text', async () => {
    const result = await cli('token', 'verify', '--token', 'paris', '--apple-url', e2e.url);
    expect(result.stderr).toMatch(/^error TOKEN_NOT_UPLOADED: \S[^\n]*\n$/);
    expect(result.code).toBe(1);
  });
});
