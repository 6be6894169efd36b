import { startAppleSimulator } from './quick-start';
import { createTestCertificate } from './pki/test-certificate';
import { appleClient, fetchAll } from './test-support/apple-calls';
import { createAppleSimulator } from './simulator';

describe('startAppleSimulator', () => {
  it('starts with one MDM server whose seeded devices the credentials can fetch', async () => {
    const started = await startAppleSimulator({ devices: 7, serverName: 'Quick' });
    try {
      expect(started.url).toBe(started.simulator.url);
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(started.server.serverName).toBe('Quick');
      expect(started.server.p7m).toBeUndefined();
      const { serials } = await fetchAll(appleClient(started.url, started.server.credentials), 3);
      expect(serials).toEqual(started.serials);
    } finally {
      await started.simulator.stop();
    }
  });

  it('issues a .p7m when given a certificate', async () => {
    const started = await startAppleSimulator({ devices: 0, certificatePem: createTestCertificate().certificatePem });
    try {
      expect(started.server.p7m).toContain('smime-type=enveloped-data');
      expect(started.serials).toEqual([]);
    } finally {
      await started.simulator.stop();
    }
  });

  it('refuses a second start and reports the URL only while listening', async () => {
    const sim = createAppleSimulator();
    expect(() => sim.url).toThrow(expect.objectContaining({ code: 'NOT_STARTED' }));
    await sim.start();
    try {
      await expect(sim.start()).rejects.toMatchObject({ code: 'ALREADY_STARTED' });
    } finally {
      await sim.stop();
    }
    expect(() => sim.url).toThrow(expect.objectContaining({ code: 'NOT_STARTED' }));
    await sim.stop();
  });
});
