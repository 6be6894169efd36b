import { redactedConnection } from './redacted-connection';

describe('redactedConnection', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactedConnection('esdb://admin:changeit@db.example:2113?tls=true')).toBe('esdb://admin:***@db.example:2113?tls=true');
  });
  it('leaves a connection string without credentials alone', () => {
    expect(redactedConnection('esdb://127.0.0.1:2113?tls=false')).toBe('esdb://127.0.0.1:2113?tls=false');
    expect(redactedConnection('esdb+discover://h1:2113,h2:2113?tls=true')).toBe('esdb+discover://h1:2113,h2:2113?tls=true');
  });
  it.each([
    ['esdb://admin:pa/ss@db.example:2113', 'pa/ss'],
    ['esdb://admin:p@ss@db.example:2113?tls=false', 'p@ss'],
    ['esdb://admin:99/ss@db.example', '99/ss'],
    ['esdb://admin:pa?ss@db.example:2113', 'pa?ss'],
    ['esdb://admin:pa#ss@db.example:2113', 'pa#ss'],
    ['esdb+discover://admin:s3cret@h1:2113,h2:2113?tls=true', 's3cret'],
    ['esdb://admin:pa%2Fss@db.example', 'pa%2Fss'],
  ])('never prints the password of %s', (connection, password) => {
    const shown = redactedConnection(connection);
    expect(shown).not.toContain(password);
    for (const part of password.split(/[/@?#%]/).filter((p) => p.length > 1)) expect(shown).not.toContain(part);
    expect(shown).toMatch(/^esdb(\+discover)?:\/\/.*\*\*\*@/);
    expect(shown).toContain(connection.includes('h1') ? 'h1:2113,h2:2113' : 'db.example');
  });
});
