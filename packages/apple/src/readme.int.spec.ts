import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppleSimulator } from '@depledger/apple-simulator';
import { createAppleClient, decryptServerToken, generateEncryptionKey } from './index';

describe('the README example', () => {
  it('generates a key, decrypts the token the portal made for it and fetches the account', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'depledger-readme-'));
    const started: { stop?: () => Promise<void> } = {};
    try {
      // README lines, with the portal step done by the simulator and its URL as baseUrl.
      const key = generateEncryptionKey();
      writeFileSync(join(dir, 'depledger.pem'), key.certificatePem);
      const sim = await startAppleSimulator({ serverName: 'Acme', certificatePem: readFileSync(join(dir, 'depledger.pem'), 'utf8') });
      started.stop = () => sim.simulator.stop();
      writeFileSync(join(dir, sim.server.fileName!), sim.server.p7m!);
      const { token } = decryptServerToken(readFileSync(join(dir, sim.server.fileName!)), key);
      const apple = createAppleClient({ baseUrl: sim.url, userAgent: 'acme-mdm/2.1', credentials: async () => token });
      const account = await apple.account('acme');
      expect([account.server_name, account.org_name, token.accessTokenExpiry]).toEqual([
        'Acme',
        'Example Organisation',
        sim.server.token.access_token_expiry,
      ]);
    } finally {
      await started.stop?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
