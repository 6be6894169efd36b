import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { clientExpectedRevision } from './expected-revision';

describe('clientExpectedRevision', () => {
  it('maps revisions to bigints and -1 to no stream', () => {
    expect(clientExpectedRevision(0)).toBe(0n);
    expect(clientExpectedRevision(41)).toBe(41n);
    expect(clientExpectedRevision(-1)).toBe(NO_STREAM);
  });

  it('maps the three states one to one', () => {
    expect(clientExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(clientExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(clientExpectedRevision('any')).toBe(ANY);
  });
});
