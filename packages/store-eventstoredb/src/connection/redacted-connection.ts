/**
 * A connection string fit for messages and logs, never its password. Parsed as a URL, it comes back
 * with the password as `***`. A string a URL parser reads differently from the EventStoreDB client
 * (several hosts, a `/`, `?` or `#` in the password, an `@` after the host) keeps only its scheme and
 * what follows its last `@`: more is hidden rather than less.
 */
export const redactedConnection = (connection: string): string => {
  const at = connection.lastIndexOf('@');
  if (at === -1) return connection;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(connection)?.[0] ?? '';
  try {
    const url = new URL(connection);
    const beyondHost = `${url.pathname}${url.search}${url.hash}`;
    if (url.password !== '' && !beyondHost.includes('@') && url.host !== '') {
      return `${scheme}${url.username}:***@${url.host}${beyondHost}`;
    }
  } catch {
    // Not a URL to the parser: fall through to the cautious form.
  }
  return `${scheme}***@${connection.slice(at + 1)}`;
};
