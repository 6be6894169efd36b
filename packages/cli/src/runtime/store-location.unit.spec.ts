import { parseStoreLocation } from './store-location';

describe('--store', () => {
  it('resolves a SQLite file against the working directory', () => {
    expect(parseStoreLocation('sqlite:./depledger.db', '/srv/mdm')).toEqual({ kind: 'sqlite', path: '/srv/mdm/depledger.db' });
    expect(parseStoreLocation('sqlite:/var/lib/d.db', '/srv/mdm')).toEqual({ kind: 'sqlite', path: '/var/lib/d.db' });
  });

  it('takes EventStoreDB connection strings as they are', () => {
    expect(parseStoreLocation('esdb://localhost:2113?tls=false', '/')).toEqual({ kind: 'esdb', connection: 'esdb://localhost:2113?tls=false' });
    expect(parseStoreLocation('esdb+discover://cluster:2113', '/')).toMatchObject({ kind: 'esdb' });
  });

  it('refuses anything else with what to use instead', () => {
    expect(() => parseStoreLocation('postgres://db', '/')).toThrow(expect.objectContaining({ code: 'INVALID_STORE', message: expect.stringContaining('sqlite:<file>') }));
    expect(() => parseStoreLocation('sqlite:', '/')).toThrow(expect.objectContaining({ code: 'INVALID_STORE' }));
    expect(() => parseStoreLocation('postgres://admin:s3cret@db/depledger', '/')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});
