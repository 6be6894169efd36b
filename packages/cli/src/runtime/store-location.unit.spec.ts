import { parseStoreLocation } from './store-location';

describe('--store', () => {
  it('resolves a SQLite file against the working directory', () => {
    expect(parseStoreLocation('sqlite:./depledger.db', '/srv/mdm')).toEqual({ kind: 'sqlite', path: '/srv/mdm/depledger.db' });
    expect(parseStoreLocation('sqlite:/var/lib/d.db', '/srv/mdm')).toEqual({ kind: 'sqlite', path: '/var/lib/d.db' });
  });

  it('takes EventStoreDB connection strings as they are', () => {
    expect(parseStoreLocation('esdb://localhost:2113?tls=false', '/')).toEqual({
      kind: 'esdb',
      connection: 'esdb://localhost:2113?tls=false',
    });
    expect(parseStoreLocation('esdb+discover://cluster:2113', '/')).toMatchObject({ kind: 'esdb' });
  });

  it('takes PostgreSQL URLs as they are', () => {
    expect(parseStoreLocation('postgres://admin:s3cret@db:5432/depledger', '/')).toEqual({
      kind: 'postgres',
      url: 'postgres://admin:s3cret@db:5432/depledger',
    });
    expect(parseStoreLocation('postgresql://db/depledger?schema=fleet', '/')).toMatchObject({ kind: 'postgres' });
  });

  it('refuses anything else with what to use instead', () => {
    expect(() => parseStoreLocation('mysql://db', '/')).toThrow(
      expect.objectContaining({ code: 'INVALID_STORE', message: expect.stringContaining('sqlite:<file>') }),
    );
    expect(() => parseStoreLocation('mysql://db', '/')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('postgres://user@host:5432/database') }),
    );
    expect(() => parseStoreLocation('sqlite:', '/')).toThrow(expect.objectContaining({ code: 'INVALID_STORE' }));
    expect(() => parseStoreLocation('mysql://admin:s3cret@db/depledger', '/')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });
});
