import { startServeFixture, eventually, type ServeFixture } from './testing/serve-fixture';

// The console as files over HTTP (no browser): served at /, from this server alone, with every
// message in both languages; and the device filters its search box and selects use.

describe('depledger serve: the console and the device filters', () => {
  let f: ServeFixture;
  let serials: string[];
  beforeAll(async () => {
    f = await startServeFixture();
    const key = await f.api('POST', '/tokens/paris/keys');
    const issued = f.simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: key.body.certificatePem });
    serials = [...f.simulator.devices.seed({ count: 6, serverId: issued.serverId })].sort();
    await f.api('PUT', '/tokens/paris/server-token', { raw: issued.p7m as string, headers: { 'x-apple-id': 'alice@contoso.example' } });
    const sync = await f.api('POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
    await eventually(async () => {
      const run = await f.api('GET', sync.body.statusUrl);
      return run.body.outcome === 'running' ? undefined : run.body;
    });
  }, 120_000);
  afterAll(async () => {
    await f.close();
  });

  it('serves the console at / with nothing from elsewhere, and no API data without a key', async () => {
    const root = await fetch(`${f.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    for (const path of ['/console/', '/console/console.js', '/console/console.css']) {
      const answer = await fetch(`${f.url}${path}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      const text = await answer.text();
      // no CDN, no font or script from another origin: it works offline
      expect(text).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
      expect(text).not.toMatch(/@import|url\(["']?https?:/);
    }
    expect((await f.api('GET', '/tokens', { key: null })).body).toMatchObject({ code: 'API_KEY_MISSING' });
  });

  it('has every message in French and in English', async () => {
    const catalogue = (await (await fetch(`${f.url}/console/messages.json`)).json()) as {
      fr: Record<string, string>;
      en: Record<string, string>;
      panes: { key: string; fr: string; en: string; platforms: string }[];
    };
    expect(Object.keys(catalogue.fr).sort()).toEqual(Object.keys(catalogue.en).sort());
    for (const lang of ['fr', 'en'] as const) for (const text of Object.values(catalogue[lang])) expect(text.trim()).not.toBe('');
    expect(catalogue.fr['status.enrolled']).toBe('Inscrit');
    expect(catalogue.en['status.not_contacted']).toBe('Not contacted');
    expect(catalogue.fr['syncs.syncNow']).toBe('Synchroniser');
    // every Setup Assistant pane of core's catalogue, described in both languages
    expect(catalogue.panes.map((pane) => pane.key)).toContain('Siri');
    for (const pane of catalogue.panes) {
      expect(pane.fr.trim()).not.toBe('');
      expect(pane.en.trim()).not.toBe('');
      expect(pane.platforms).toMatch(/^(iOS|macOS|tvOS|visionOS)(, (iOS|macOS|tvOS|visionOS))*$/);
    }
    expect(catalogue.panes.find((pane) => pane.key === 'Appearance')).toMatchObject({
      fr: 'Choix de l’apparence (clair ou sombre)',
      en: 'Choose Your Look (light or dark appearance)',
    });
  });

  it('filters devices by the beginning of a serial (any case), by model and by profile', async () => {
    const serial = serials[2] as string;
    const bySerial = await f.api('GET', `/devices?serial=${serial.slice(0, -1).toLowerCase()}`, { key: f.readKey });
    expect(bySerial.body.devices.map((d: { serial: string }) => d.serial)).toEqual([serial]);

    const all = (await f.api('GET', '/devices?limit=100', { key: f.readKey })).body.devices as { serial: string; model: string }[];
    const model = all[0]?.model as string;
    const byModel = await f.api('GET', `/devices?model=${encodeURIComponent(model)}`, { key: f.readKey });
    expect(byModel.body.devices.map((d: { serial: string }) => d.serial)).toEqual(
      all.filter((d) => d.model === model).map((d) => d.serial),
    );

    // no profile was published: none has one
    expect((await f.api('GET', '/devices?profileId=corp', { key: f.readKey })).body).toEqual({ devices: [], next: null });

    // paging still walks every match, a page at a time
    const first = await f.api('GET', '/devices?limit=4&status=not_contacted', { key: f.readKey });
    const second = await f.api('GET', `/devices?limit=4&status=not_contacted&after=${first.body.next}`, { key: f.readKey });
    expect([...first.body.devices, ...second.body.devices].map((d: { serial: string }) => d.serial)).toEqual(serials);
    expect(second.body.next).toBeNull();
  });
});
