import { parsePostgresUrl } from './connection-url';
import { classifyFailure, failureError } from './postgres-failure';
import { retrying } from './retrying';

const url = parsePostgresUrl('postgres://mdm:hunter2@db.internal:5433/fleet');
/** An error as the server sends it (pg's DatabaseError carries a severity), or as a socket raises it. */
const pgError = (code: string, message = 'server said no') => Object.assign(new Error(message), { code, severity: 'ERROR' });
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('what a driver failure means', () => {
  it('retries serialization failures, deadlocks, shutdowns, refused and lost connections', () => {
    for (const code of ['40001', '40P01', '57P01', '57P03', '08006', '08001']) expect(classifyFailure(pgError(code))).toBe('transient');
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']) expect(classifyFailure(socketError(code))).toBe('transient');
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('transient');
  });

  it('does not retry what retrying cannot cure', () => {
    expect(classifyFailure(pgError('28P01'))).toBe('authentication');
    expect(classifyFailure(pgError('3D000'))).toBe('database-missing');
    expect(classifyFailure(socketError('ENOTFOUND'))).toBe('unreachable-host');
    expect(classifyFailure(pgError('23505'))).toBe('other');
    expect(classifyFailure(Object.assign(new Error('conflict'), { code: 'CONCURRENCY_CONFLICT' }))).toBe('other');
  });

  it('names what to do, never the password', () => {
    const auth = failureError(pgError('28P01', 'password authentication failed for user "mdm"'), url, 'opening') as Error & {
      code: string;
      details: unknown;
    };
    expect(auth.code).toBe('POSTGRES_AUTHENTICATION_FAILED');
    expect(auth.message).toContain('postgres://mdm@db.internal:5433/fleet');
    const missing = failureError(pgError('3D000'), url, 'opening') as Error & { code: string };
    expect(missing.message).toContain('createdb -h db.internal -p 5433 fleet');
    for (const error of [auth, missing])
      expect(JSON.stringify({ message: error.message, details: (error as { details?: unknown }).details })).not.toContain('hunter2');
  });

  it('tries a transient failure again and gives up with POSTGRES_UNAVAILABLE after the retries', async () => {
    let attempts = 0;
    const recovered = await retrying(url, { retries: 3, firstDelayMs: 1 }, 'appending', async () => {
      attempts += 1;
      if (attempts < 3) throw pgError('40001');
      return 'written';
    });
    expect([recovered, attempts]).toEqual(['written', 3]);
    attempts = 0;
    await expect(
      retrying(url, { retries: 2, firstDelayMs: 1 }, 'appending', async () => {
        attempts += 1;
        throw pgError('57P01');
      }),
    ).rejects.toMatchObject({ code: 'POSTGRES_UNAVAILABLE' });
    expect(attempts).toBe(3);
  });
});
