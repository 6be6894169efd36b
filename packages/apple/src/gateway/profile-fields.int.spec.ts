import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificatesFromPem, parseProfileSettings } from '@depledger/core';
import { startAppleSimulator, type StartedSimulator } from '@depledger/apple-simulator';
import { createAppleClient, createAppleGateway, decryptServerToken, generateEncryptionKey, type OAuthCredentials } from '../index';

/** Every field of Apple's profile goes from depledger's settings to Apple (the simulator, over loopback HTTP) and back. */
let sim: StartedSimulator;
let vault: Map<string, OAuthCredentials>;

beforeAll(async () => {
  const key = generateEncryptionKey();
  sim = await startAppleSimulator({ devices: 3, certificatePem: key.certificatePem });
  const { token } = decryptServerToken(sim.server.p7m!, { id: 'current', ...key });
  vault = new Map([['acme', token]]);
}, 120_000);
afterAll(() => sim.simulator.stop());

const options = () => ({ baseUrl: sim.url, userAgent: 'depledger-tests/1.0', credentials: async (id: string) => vault.get(id) ?? null });

describe("a profile with every field of Apple's profile", () => {
  it('reaches Apple under Apple’s names, and reads back the same', async () => {
    const [certificate = ''] = certificatesFromPem(readFileSync(join(__dirname, '..', 'test-support', 'anchor-root.pem'), 'utf8'));
    const settings = parseProfileSettings({
      name: 'Shared iPads',
      url: 'https://mdm.example.com/enroll',
      allowPairing: false,
      autoAdvanceSetup: true,
      awaitDeviceConfigured: true,
      skipSetupItems: ['Siri', 'UnlockWithWatch', 'AccessibilityAppearance'],
      department: 'IT',
      supportPhone: '+33 1 23 45 67 89',
      supportEmail: 'it@example.com',
      orgMagic: 'contoso',
      language: 'fr',
      region: 'FR',
      configurationWebUrl: 'https://mdm.example.com/sign-in',
      multiUser: true,
      anchorCertificates: [certificate],
      supervisingHostCertificates: [certificate],
      doNotUseProfileFromBackup: true,
      returnToService: true,
    });
    const { profileUuid } = await createAppleGateway({ ...options(), sleep: async () => {} }).defineProfile('acme', settings);
    const stored = await createAppleClient(options()).getProfile('acme', profileUuid);
    expect(stored).toMatchObject({
      profile_uuid: profileUuid,
      profile_name: 'Shared iPads',
      allow_pairing: false,
      auto_advance_setup: true,
      await_device_configured: true,
      is_supervised: true,
      is_mandatory: true,
      is_mdm_removable: false,
      is_multi_user: true,
      skip_setup_items: ['Siri', 'UnlockWithWatch', 'AccessibilityAppearance'],
      department: 'IT',
      org_magic: 'contoso',
      language: 'fr',
      region: 'FR',
      configuration_web_url: 'https://mdm.example.com/sign-in',
      anchor_certs: [certificate],
      supervising_host_certs: [certificate],
      do_not_use_profile_from_backup: true,
      is_return_to_service: true,
    });
  });

  it('leaves Apple’s newer fields out when they are not used, as before', async () => {
    const settings = parseProfileSettings({ name: 'Plain', url: 'https://mdm.example.com/enroll' });
    const { profileUuid } = await createAppleGateway({ ...options(), sleep: async () => {} }).defineProfile('acme', settings);
    const stored = await createAppleClient(options()).getProfile('acme', profileUuid);
    expect(stored).toMatchObject({
      is_multi_user: null,
      anchor_certs: null,
      is_return_to_service: null,
      do_not_use_profile_from_backup: null,
    });
  });
});
