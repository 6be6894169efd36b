import fc from 'fast-check';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, manualClock, type Depledger } from '@depledger/core';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
import { errorText, leaks, scratch, seedFrom } from './support';

/**
 * Issue 10, "Bad input": server tokens (.p7m) that are random bytes, for another key, tampered
 * with, cut short or expired. Each upload is refused with a typed error that names what to do and
 * shows no secret; nothing is appended to the store.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const seed = seedFrom('DEPLEDGER_FUZZ_SEED');
const RUNS = Number(process.env.DEPLEDGER_FUZZ_RUNS ?? 60);
const TOKEN_CODES = [
  'SERVER_TOKEN_NOT_P7M',
  'SERVER_TOKEN_WRONG_KEY',
  'SERVER_TOKEN_UNREADABLE',
  'SERVER_TOKEN_FIELD_INVALID',
  'SERVER_TOKEN_EXPIRED',
];

describe('server tokens (.p7m) that cannot be used', () => {
  const tmp = scratch('p7m');
  const simulator = createAppleSimulator();
  const clock = manualClock(new Date());
  let db: SqliteStore;
  let depledger: Depledger;
  let p7m = '';
  let secrets: string[] = [];
  let consumerKey = '';

  beforeAll(async () => {
    const { url } = await simulator.start(0, '127.0.0.1');
    db = openSqliteStore({ path: tmp.file('depledger.db'), vaultKey: Buffer.alloc(32, 5) });
    const gateway = appleGateway({ baseUrl: url, retry: { maxAttempts: 1 } });
    // The detailed answers (as the CLI gives them), so each kind of damage is told apart here.
    depledger = createDepledger({
      store: db.events,
      gateway,
      vault: db.vault,
      pki: createAppleTokenPki({ decryptionFailures: 'detailed' }),
      clock,
    });
    const key = await depledger.tokens.generateKey('paris');
    const issued = simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: key.certificatePem });
    p7m = issued.p7m as string;
    consumerKey = issued.credentials.consumer_key;
    secrets = [issued.credentials.consumer_secret, issued.credentials.access_secret, issued.credentials.access_token];
  });

  afterAll(async () => {
    await simulator.stop();
    await db.close();
    tmp.remove();
  });

  /** Uploads and returns the error; checks it is typed, shows no secret, and that nothing was appended. */
  const refusal = async (file: string | Uint8Array): Promise<{ code: string; message: string }> => {
    const head = await db.events.headPosition();
    const error = await depledger.tokens.upload('paris', file, { appleId: 'alice@contoso.example' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(error).toBeInstanceOf(Error);
    const { code, message } = error as { code: string; message: string };
    expect(typeof code).toBe('string');
    expect(leaks(errorText(error), [...secrets, 'alice@contoso.example'])).toEqual([]);
    expect(await db.events.headPosition()).toBe(head);
    return { code, message };
  };

  it('random bytes and random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 4096 }), fc.string({ maxLength: 2000 }), fc.constant('')), async (file) => {
        expect(TOKEN_CODES).toContain((await refusal(file)).code);
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
  });

  it('a token made for another key', async () => {
    const other = createAppleTokenPki().generateKey({ commonName: 'other', now: new Date() });
    const wrong = simulator.portal.addMdmServer({ name: 'Other MDM', certificatePem: other.certificatePem });
    expect((await refusal(wrong.p7m as string)).code).toBe('SERVER_TOKEN_WRONG_KEY');
  });

  it(`tampered ciphertext: bytes of the CMS body changed (${RUNS} runs, seed ${seed})`, async () => {
    const der = derOf(p7m);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: der.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        async (flips) => {
          const tampered = Buffer.from(der);
          for (const [at, xor] of flips) tampered[at] = (tampered[at] as number) ^ xor;
          const head = await db.events.headPosition();
          const outcome = await depledger.tokens.upload('paris', withDer(p7m, tampered), { appleId: 'alice@contoso.example' }).then(
            (uploaded) => ({ uploaded, error: null as unknown }),
            (error: unknown) => ({ uploaded: null, error }),
          );
          if (outcome.error !== null) {
            expect({ code: (outcome.error as { code?: string }).code, error: errorText(outcome.error).slice(0, 600) }).toEqual({
              code: expect.stringMatching(/^SERVER_TOKEN_/),
              error: expect.anything(),
            });
            expect(leaks(errorText(outcome.error), secrets)).toEqual([]);
            expect(await db.events.headPosition()).toBe(head);
          } else {
            // A change in bytes the decryption does not read (CMS has no integrity check) is the same token.
            expect(outcome.uploaded).toMatchObject({ consumerKey, account: { status: 'verified' } });
          }
        },
      ),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
  });

  it('a token cut short', async () => {
    for (const share of [0.1, 0.5, 0.9, 0.99])
      expect(TOKEN_CODES).toContain((await refusal(p7m.slice(0, Math.floor(p7m.length * share)))).code);
  });

  it('an expired token, saying since when', async () => {
    clock.set(new Date(Date.now() + 400 * 24 * 3600 * 1000));
    try {
      const { code, message } = await refusal(p7m);
      expect(code).toBe('SERVER_TOKEN_EXPIRED');
      expect(message).toMatch(/\d{4}-\d{2}-\d{2}/);
    } finally {
      clock.set(new Date());
    }
  });
});

/** The CMS body of an S/MIME .p7m (headers, blank line, base64). */
const derOf = (smime: string): Buffer => Buffer.from(smime.slice(smime.search(/\r?\n\r?\n/)).replace(/\s+/g, ''), 'base64');
const withDer = (smime: string, der: Buffer): string => {
  const split = smime.search(/\r?\n\r?\n/);
  return `${smime.slice(0, split)}\n\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n`;
};
