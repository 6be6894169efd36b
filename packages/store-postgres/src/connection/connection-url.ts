import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';

/** A PostgreSQL connection URL, checked, with a form safe to print (no password). */
export type PostgresUrl = Readonly<{
  /** The URL as given, password included: only ever handed to the driver. */
  connectionString: string;
  /** `postgres://user@host:port/db`: the password is never part of it. */
  display: string;
  host: string;
  port: number;
  database: string;
  /** The `schema` query parameter, when given (taken out of the connection string: the server does not know it). */
  schema?: string;
}>;

/** Whether a `--store` value or `DEPLEDGER_STORE` names PostgreSQL (`postgres://` or `postgresql://`). */
export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//i.test(value);

/** The URL with its password replaced by `***`, for messages and logs. */
export const redactPostgresUrl = (value: string): string => {
  try {
    const url = new URL(value);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    // Not a URL we can parse: show the scheme only, since the rest may hold a password.
    return `${/^[A-Za-z][\w+.-]*:/.exec(value)?.[0] ?? 'a value'}…`;
  }
};

/**
 * Checks a connection URL: `postgres://[user[:password]@]host[:port]/database[?schema=name&options]`.
 * Throws POSTGRES_URL_INVALID, naming the form expected and never the password.
 */
export const parsePostgresUrl = (value: string): PostgresUrl => {
  const invalid = (why: string): PostgresStoreError =>
    new PostgresStoreError(
      postgresStoreErrorCodes.urlInvalid,
      `${redactPostgresUrl(String(value))} is not a PostgreSQL URL depledger can use: ${why}. Give postgres://user@host:5432/database (a password, if any, after the user: user:password@).`,
      { url: redactPostgresUrl(String(value)) },
    );
  if (typeof value !== 'string' || !isPostgresUrl(value)) throw invalid('it must start with postgres:// or postgresql://');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('it does not parse as a URL');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (url.hostname === '' && !url.searchParams.has('host')) throw invalid('it names no host');
  if (database === '' || database.includes('/')) throw invalid('it names no database (the path after the host)');
  const port = url.port === '' ? 5432 : Number(url.port);
  const user = decodeURIComponent(url.username);
  const host = url.hostname === '' ? (url.searchParams.get('host') ?? '') : url.hostname;
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return {
    connectionString: schema === undefined ? value : url.toString(),
    display: `postgres://${user === '' ? '' : `${user}@`}${host}:${port}/${database}${schema === undefined ? '' : `?schema=${schema}`}`,
    host,
    port,
    database,
    ...(schema === undefined ? {} : { schema }),
  };
};
