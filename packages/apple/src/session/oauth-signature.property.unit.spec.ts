import fc from 'fast-check';
import { oauthAuthorizationHeader as simulatorHeader } from '@depledger/apple-simulator';
import { oauthAuthorizationHeader } from '../index';

const signatureIn = (header: string): string => decodeURIComponent(/oauth_signature="([^"]+)"/.exec(header)![1]!);

describe('OAuth signatures agree with an independent implementation (the simulator’s verifier side)', () => {
  it('for any secrets, nonce, timestamp and URL', () => {
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        fc.record({ consumerKey: text, consumerSecret: text, accessToken: text, accessSecret: text }),
        fc.stringMatching(/^[A-Za-z0-9]{1,32}$/),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom(
          'https://mdmenrollment.apple.com/session',
          'http://127.0.0.1:8080/session',
          'https://EXAMPLE.com:443/session?x=a%20b&y=~!*',
        ),
        (credentials, nonce, timestamp, url) => {
          const ours = oauthAuthorizationHeader(credentials, { method: 'GET', url, timestamp, nonce });
          const theirs = simulatorHeader(
            {
              consumer_key: credentials.consumerKey,
              consumer_secret: credentials.consumerSecret,
              access_token: credentials.accessToken,
              access_secret: credentials.accessSecret,
            },
            'GET',
            url,
            { nonce, timestamp },
          );
          expect(signatureIn(ours)).toBe(signatureIn(theirs));
        },
      ),
      { numRuns: 300 },
    );
  });
});
