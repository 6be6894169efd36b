import { redactedConnection } from './redacted-connection';

describe('redactedConnection', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactedConnection('esdb://admin:changeit@db.example:2113?tls=true')).toBe('esdb://admin:***@db.example:2113?tls=true');
  });
  it('leaves a connection string without credentials alone', () => {
    expect(redactedConnection('esdb://127.0.0.1:2113?tls=false')).toBe('esdb://127.0.0.1:2113?tls=false');
  });
});
