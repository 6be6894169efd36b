import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { isDepledgerError, type ErrorCode } from '@depledger/core';
import { createAppleTokenPki, decryptServerToken, generateEncryptionKey, type EncryptionKey } from '../index';

const secrets = {
  consumer_key: 'CK_3a0ab7d5d2f1c0e6b9a8',
  consumer_secret: 'CS_9f8e7d6c5b4a39281706',
  access_token: 'AT_O1234567890O8247eO1389734861908',
  access_secret: 'AS_00112233445566778899',
};
const tokenJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ ...secrets, access_token_expiry: '2027-07-01T22:18:53Z', ...overrides });

/** The inner MIME part, as Apple writes it. */
const innerPart = (json: string, markers = true) =>
  [
    'Content-Type: text/plain;charset=UTF-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    ...(markers ? ['-----BEGIN MESSAGE-----', json, '-----END MESSAGE-----'] : [json]),
    '',
  ].join('\r\n');

const now = new Date('2026-11-26T06:00:00Z');
let dir: string;
let key: EncryptionKey;

/** Encrypts with Debian's openssl binary, the way Apple's portal shapes the file. */
const opensslToken = (inner: string, certificatePem: string, extraArgs: string[] = []): string => {
  writeFileSync(join(dir, 'token.txt'), inner);
  writeFileSync(join(dir, 'cert.pem'), certificatePem);
  return execFileSync(
    '/usr/bin/openssl',
    ['smime', '-encrypt', '-aes128', ...extraArgs, '-in', join(dir, 'token.txt'), join(dir, 'cert.pem')],
    {
      encoding: 'utf8',
    },
  );
};

const expectTokenError = (run: () => unknown, code: ErrorCode, messagePart: RegExp) => {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(isDepledgerError(caught, code)).toBe(true);
  const message = (caught as Error).message;
  expect(message).toMatch(messagePart);
  for (const secret of Object.values(secrets)) expect(JSON.stringify(caught) + message).not.toContain(secret);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'depledger-apple-'));
  key = generateEncryptionKey({ now });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decryptServerToken', () => {
  it('decrypts a token made by openssl smime -encrypt -aes128 (BER, indefinite lengths with -stream)', () => {
    const p7m = opensslToken(innerPart(tokenJson()), key.certificatePem, ['-stream']);
    expect(p7m).toMatch(/^MIME-Version: 1.0/);
    const der = Buffer.from(p7m.split(/\r?\n\r?\n/)[1]!, 'base64');
    expect([der[0], der[1]]).toEqual([0x30, 0x80]); // BER, indefinite length, as Apple's files
    const { token, keyIndex } = decryptServerToken(p7m, key, { now });
    expect(token).toEqual({
      consumerKey: secrets.consumer_key,
      consumerSecret: secrets.consumer_secret,
      accessToken: secrets.access_token,
      accessSecret: secrets.access_secret,
      accessTokenExpiry: '2027-07-01T22:18:53Z',
    });
    expect(keyIndex).toBe(0);
  });

  it('decrypts an openssl token without -stream, without message markers and with the JSON wrapped over lines', () => {
    const wrapped = tokenJson().replace(/,/g, ',\n');
    const p7m = opensslToken(innerPart(wrapped, false), key.certificatePem);
    expect(decryptServerToken(Buffer.from(p7m), key, { now }).token.accessSecret).toBe(secrets.access_secret);
  });

  it('decrypts an inner part without MIME headers', () => {
    const p7m = opensslToken(['-----BEGIN MESSAGE-----', tokenJson(), '-----END MESSAGE-----', ''].join('\n'), key.certificatePem);
    expect(decryptServerToken(p7m, key, { now }).token.accessToken).toBe(secrets.access_token);
  });

  it("accepts Apple's header block and raw DER", () => {
    const p7m = opensslToken(innerPart(tokenJson()), key.certificatePem, ['-stream', '-outform', 'PEM']);
    const base64 = p7m.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
    const apple = [
      'Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="smime.p7m"',
      'Content-Description: S/MIME Encrypted Message',
      '',
      ...base64.match(/.{1,76}/g)!,
      '',
    ].join('\r\n');
    expect(decryptServerToken(apple, key, { now }).token.consumerKey).toBe(secrets.consumer_key);
    expect(decryptServerToken(Buffer.from(base64, 'base64'), key, { now }).token.consumerKey).toBe(secrets.consumer_key);
  });

  it('reports which candidate key decrypted it, so a staged key is made current only after it works', () => {
    const staged = generateEncryptionKey({ now });
    const p7m = opensslToken(innerPart(tokenJson()), staged.certificatePem, ['-stream']);
    const result = decryptServerToken(
      p7m,
      [
        { id: 'current', ...key },
        { id: 'staged', ...staged },
      ],
      { now },
    );
    expect(result).toMatchObject({ keyIndex: 1, keyId: 'staged' });
  });

  it('says the token was made for a different key', () => {
    const other = generateEncryptionKey({ now });
    const p7m = opensslToken(innerPart(tokenJson()), other.certificatePem, ['-stream']);
    expectTokenError(
      () => decryptServerToken(p7m, key, { now }),
      'SERVER_TOKEN_WRONG_KEY',
      /made for a different key: download a new key from depledger and upload it to Apple/,
    );
  });

  it('refuses an expired token and gives the date', () => {
    const p7m = opensslToken(innerPart(tokenJson({ access_token_expiry: '2026-01-14T21:27:41Z' })), key.certificatePem, ['-stream']);
    expectTokenError(() => decryptServerToken(p7m, key, { now }), 'SERVER_TOKEN_EXPIRED', /expired on 2026-01-14T21:27:41/);
  });

  it.each([
    ['consumer_secret', { consumer_secret: undefined }, /"consumer_secret" is missing/],
    ['access_token', { access_token: '' }, /"access_token" is missing/],
    ['access_secret', { access_secret: 'XX_0011' }, /"access_secret" does not start with AS_/],
    ['access_token_expiry', { access_token_expiry: undefined }, /"access_token_expiry" is missing/],
    ['access_token_expiry', { access_token_expiry: 'next year' }, /"access_token_expiry" is not an ISO 8601 date/],
  ])('names the missing or invalid field %s', (field, overrides, message) => {
    const p7m = opensslToken(innerPart(tokenJson(overrides)), key.certificatePem, ['-stream']);
    expectTokenError(() => decryptServerToken(p7m, key, { now }), 'SERVER_TOKEN_FIELD_INVALID', message);
  });

  it('says when the decrypted content is not JSON', () => {
    const p7m = opensslToken(innerPart('hello'), key.certificatePem);
    expectTokenError(() => decryptServerToken(p7m, key, { now }), 'SERVER_TOKEN_UNREADABLE', /not the JSON Apple writes/);
  });

  it('says when the decrypted content is not text (a damaged token: CMS has no integrity check)', () => {
    writeFileSync(join(dir, 'binary.bin'), Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]));
    writeFileSync(join(dir, 'cert.pem'), key.certificatePem);
    const p7m = execFileSync(
      '/usr/bin/openssl',
      ['smime', '-encrypt', '-aes128', '-binary', '-in', join(dir, 'binary.bin'), join(dir, 'cert.pem')],
      { encoding: 'utf8' },
    );
    expectTokenError(() => decryptServerToken(p7m, key, { now }), 'SERVER_TOKEN_UNREADABLE', /not text/);
  });

  it.each([
    ['a PEM certificate', () => key.certificatePem],
    ['an empty file', () => ''],
    ['base64 of something else', () => 'Content-Type: text/plain\n\naGVsbG8gd29ybGQ=\n'],
    ['a signed (not encrypted) PKCS#7', () => signedMessage()],
  ])('says %s is not a p7m', (_label, input) => {
    expectTokenError(() => decryptServerToken(input(), key, { now }), 'SERVER_TOKEN_NOT_P7M', /not a server token \(\.p7m\)/);
  });

  it('says when a key cannot be read', () => {
    const p7m = opensslToken(innerPart(tokenJson()), key.certificatePem);
    expectTokenError(
      () => decryptServerToken(p7m, { certificatePem: 'nope', privateKeyPem: 'nope' }, { now }),
      'ENCRYPTION_KEY_INVALID',
      /cannot be read/,
    );
  });
});

describe("createAppleTokenPki's answer when a token does not decrypt", () => {
  const failures = (): [string, () => string][] => [
    [
      'made for another key (an RSA padding failure)',
      () => opensslToken(innerPart(tokenJson()), generateEncryptionKey({ now }).certificatePem, ['-stream']),
    ],
    [
      'damaged after decryption (not text)',
      () => {
        writeFileSync(join(dir, 'binary.bin'), Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]));
        writeFileSync(join(dir, 'cert.pem'), key.certificatePem);
        return execFileSync(
          '/usr/bin/openssl',
          ['smime', '-encrypt', '-aes128', '-binary', '-in', join(dir, 'binary.bin'), join(dir, 'cert.pem')],
          { encoding: 'utf8' },
        );
      },
    ],
    ['decrypted to something not JSON', () => opensslToken(innerPart('hello'), key.certificatePem)],
    ['decrypted to a token with a bad field', () => opensslToken(innerPart(tokenJson({ access_secret: 'XX_0011' })), key.certificatePem)],
  ];
  const answerTo = (p7m: string, decryptionFailures?: 'uniform' | 'detailed'): unknown => {
    const pki = createAppleTokenPki(decryptionFailures === undefined ? {} : { decryptionFailures });
    try {
      pki.decryptServerToken(p7m, [{ keyId: 'k1', certificatePem: key.certificatePem, privateKeyPem: key.privateKeyPem }], now);
      return 'decrypted';
    } catch (error) {
      const { code, message, details, name } = error as { code: string; message: string; details: unknown; name: string };
      return { code, message, details, name };
    }
  };

  it('is one and the same by default, whatever went wrong, so untrusted uploaders learn nothing of how far it got', () => {
    const answers = failures().map(([, make]) => answerTo(make()));
    expect(answers[0]).toMatchObject({
      code: 'SERVER_TOKEN_UNUSABLE',
      message: expect.stringContaining('made for another key, or the file is damaged'),
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it('is detailed when asked for (the CLI, for the person at the terminal)', () => {
    expect(failures().map(([, make]) => (answerTo(make(), 'detailed') as { code: string }).code)).toEqual([
      'SERVER_TOKEN_WRONG_KEY',
      'SERVER_TOKEN_UNREADABLE',
      'SERVER_TOKEN_UNREADABLE',
      'SERVER_TOKEN_FIELD_INVALID',
    ]);
  });

  it('still tells a file that is no server token, and an expired token, by default', () => {
    expect(answerTo(key.certificatePem)).toMatchObject({ code: 'SERVER_TOKEN_NOT_P7M' });
    expect(answerTo(opensslToken(innerPart(tokenJson({ access_token_expiry: '2026-01-14T21:27:41Z' })), key.certificatePem))).toMatchObject(
      { code: 'SERVER_TOKEN_EXPIRED' },
    );
  });
});

const signedMessage = (): string => {
  const signed = forge.pkcs7.createSignedData();
  signed.content = forge.util.createBuffer('hello');
  signed.addCertificate(key.certificatePem);
  const der = forge.asn1.toDer(signed.toAsn1()).getBytes();
  return Buffer.from(der, 'binary').toString('base64');
};
