import { isAbsolute, resolve } from 'node:path';
import { CliError } from '../errors/cli-error';

/** Where the events live: an embedded SQLite file, a PostgreSQL database or an EventStoreDB connection string. */
export type StoreLocation =
  Readonly<{ kind: 'sqlite'; path: string }> | Readonly<{ kind: 'postgres'; url: string }> | Readonly<{ kind: 'esdb'; connection: string }>;

/**
 * Parses `--store`: `sqlite:<file>` (relative to the working directory), `postgres://…` /
 * `postgresql://…`, or `esdb://…` / `esdb+discover://…`.
 */
export const parseStoreLocation = (value: string, cwd: string): StoreLocation => {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path === '') throw new CliError('INVALID_STORE', '--store sqlite: needs a file name, e.g. --store sqlite:./depledger.db.');
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^esdb(\+discover)?:\/\//.test(value)) return { kind: 'esdb', connection: value };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  // Only the scheme is repeated: the rest of a connection string may hold a password.
  const scheme = /^[A-Za-z][\w+.-]*:/.exec(value)?.[0] ?? 'that value';
  throw new CliError(
    'INVALID_STORE',
    `--store ${scheme}… is not a store depledger knows: use sqlite:<file> (e.g. sqlite:./depledger.db), postgres://user@host:5432/database or esdb://host:2113.`,
  );
};
