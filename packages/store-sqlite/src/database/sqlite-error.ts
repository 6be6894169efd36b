/** better-sqlite3 throws `SqliteError` with an SQLite result code such as `SQLITE_BUSY`. */
export const sqliteErrorCode = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
};

export const isBusyError = (error: unknown): boolean => {
  const code = sqliteErrorCode(error);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};
