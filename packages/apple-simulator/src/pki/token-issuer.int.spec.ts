import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { createAppleSimulator, type AppleSimulator } from '../simulator';
import { requestSession } from '../test-support/apple-calls';
import { createTestCertificate } from './test-certificate';

/** The token JSON from a decrypted inner block: skip headers, drop marker lines, join the rest. */
function tokenJsonFrom(inner: string): Record<string, string> {
  const body = inner
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n');
  const json = body
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('-----BEGIN MESSAGE-----') && !line.startsWith('-----END MESSAGE-----'))
    .join('');
  return JSON.parse(json) as Record<string, string>;
}

describe('server tokens (.p7m) issued by the portal', () => {
  let dir: string;
  let sim: AppleSimulator;
  let url: string;
  let certPem: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'depsim-p7m-'));
    // Key and certificate made by openssl, as an MDM administrator might.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=depledger-test',
      ],
      { stdio: 'ignore' },
    );
    certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    sim = createAppleSimulator();
    ({ url } = await sim.start());
  });
  afterAll(async () => {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is shaped like Apple's: S/MIME headers, 76-character base64 lines, indefinite-length BER", () => {
    const issued = sim.portal.addMdmServer({ name: 'Shape Check', certificatePem: certPem });
    const p7m = issued.p7m ?? '';
    const [headers, body] = p7m.split('\r\n\r\n');
    expect(headers).toContain('Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data');
    expect(headers).toContain('Content-Transfer-Encoding: base64');
    expect(headers).toContain('Content-Disposition: attachment; filename="smime.p7m"');
    const lines = (body ?? '').trim().split('\r\n');
    for (const line of lines.slice(0, -1)) expect(line).toHaveLength(76);
    const der = Buffer.from(lines.join(''), 'base64');
    expect(der.subarray(0, 2)).toEqual(Buffer.from([0x30, 0x80]));
    expect(body?.startsWith('MIAGCSqGSIb3DQEHA6CAMIACAQAx')).toBe(true);
    expect(issued.fileName).toMatch(/^Shape_Check_Token_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ_smime\.p7m$/);
  });

  it('decrypts with `openssl smime -decrypt` and the MDM key into the credentials that open a session', async () => {
    const issuedFrom = sim.clock.nowMs();
    const issued = sim.portal.addMdmServer({ name: 'openssl', certificatePem: certPem });
    const issuedBy = sim.clock.nowMs();
    const file = join(dir, issued.fileName ?? 'token.p7m');
    writeFileSync(file, issued.p7m ?? '');
    const inner = execFileSync('openssl', ['smime', '-decrypt', '-in', file, '-inkey', join(dir, 'key.pem')]).toString();
    expect(inner).toMatch(/^Content-Type: text\/plain;charset=UTF-8\r?\n/);
    expect(inner).toContain('-----BEGIN MESSAGE-----');
    expect(inner).toContain('-----END MESSAGE-----');
    const token = tokenJsonFrom(inner);
    expect(token).toEqual(issued.token);
    expect(token['consumer_key']).toMatch(/^CK_/);
    expect(token['consumer_secret']).toMatch(/^CS_/);
    expect(token['access_token']).toMatch(/^AT_/);
    expect(token['access_secret']).toMatch(/^AS_/);
    const expiry = new Date(token['access_token_expiry'] ?? '').getTime();
    // A year after the token was issued, written to the second.
    expect(expiry).toBeGreaterThanOrEqual(Math.floor(issuedFrom / 1000) * 1000 + 365 * 86400_000);
    expect(expiry).toBeLessThanOrEqual(issuedBy + 365 * 86400_000);
    const { access_token_expiry: _, ...credentials } = token as Record<string, string>;
    expect((await requestSession(url, credentials as never)).status).toBe(200);
  });

  it('uses AES-128-CBC and RSA key transport, and decrypts with node-forge too', () => {
    const pair = createTestCertificate('forge-made');
    const issued = sim.portal.addMdmServer({ name: 'forge', certificatePem: pair.certificatePem });
    const base64 = (issued.p7m ?? '').split('\r\n\r\n')[1] ?? '';
    const asn1 = forge.asn1.fromDer(forge.util.decode64(base64.replace(/\s+/g, '')));
    const message = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.Captured<forge.pkcs7.PkcsEnvelopedData> & {
      encryptedContent: { algorithm: string };
      decrypt(recipient: unknown, key: forge.pki.rsa.PrivateKey): void;
    };
    expect(message.encryptedContent.algorithm).toBe(forge.pki.oids['aes128-CBC']);
    const recipient = message.findRecipient(forge.pki.certificateFromPem(pair.certificatePem));
    expect(recipient).not.toBeNull();
    message.decrypt(recipient, forge.pki.privateKeyFromPem(pair.privateKeyPem));
    const inner = forge.util.decodeUtf8((message.content as forge.util.ByteStringBuffer).getBytes());
    expect(tokenJsonFrom(inner)).toEqual(issued.token);
  });

  it('renews a token for a new certificate: the old credentials stop working', async () => {
    const first = sim.portal.addMdmServer({ name: 'renewal', certificatePem: certPem });
    const second = sim.portal.renewToken(first.serverId, certPem);
    const file = join(dir, 'renewed.p7m');
    writeFileSync(file, second.p7m ?? '');
    const token = tokenJsonFrom(execFileSync('openssl', ['smime', '-decrypt', '-in', file, '-inkey', join(dir, 'key.pem')]).toString());
    expect(token['consumer_key']).toBe(second.credentials.consumer_key);
    expect((await requestSession(url, first.credentials)).status).toBe(403);
    expect((await requestSession(url, second.credentials)).status).toBe(200);
  });
});
