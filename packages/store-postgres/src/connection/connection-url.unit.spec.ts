import { isPostgresUrl, parsePostgresUrl, redactPostgresUrl } from './connection-url';

describe('PostgreSQL URLs', () => {
  it('reads host, port, database and the schema parameter, and shows them without the password', () => {
    const url = parsePostgresUrl('postgresql://mdm:s3cret@db.internal/fleet?schema=paris&sslmode=disable');
    expect(url).toMatchObject({
      host: 'db.internal',
      port: 5432,
      database: 'fleet',
      schema: 'paris',
      display: 'postgres://mdm@db.internal:5432/fleet?schema=paris',
    });
    expect(url.connectionString).not.toContain('schema=');
    expect(url.connectionString).toContain('sslmode=disable');
    expect(redactPostgresUrl('postgres://mdm:s3cret@db/fleet')).toBe('postgres://mdm:***@db/fleet');
  });

  it('refuses what is not a PostgreSQL URL, or names no database', () => {
    expect(isPostgresUrl('esdb://localhost:2113')).toBe(false);
    expect(() => parsePostgresUrl('mysql://root:s3cret@db/fleet')).toThrow(
      expect.objectContaining({ code: 'POSTGRES_URL_INVALID', message: expect.not.stringContaining('s3cret') }),
    );
    expect(() => parsePostgresUrl('postgres://root:s3cret@db')).toThrow(
      expect.objectContaining({ code: 'POSTGRES_URL_INVALID', message: expect.stringContaining('no database') }),
    );
  });
});
