import { checkAgainstOpenApi, operationOf } from './testing/openapi-check';
import { startServeFixture, eventually, type ServeFixture } from './testing/serve-fixture';

// The seed's eight steps through the HTTP API alone (plus Apple's side, played by the simulator's
// portal), over loopback, with the real Apple adapter.

describe('depledger serve: the eight steps over HTTP', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it('key, .pem, .p7m, profile, sync, devices, check-in: every write recorded with the key that made it', async () => {
    // 1–2. the token record and its encryption key, the .pem downloaded
    const key = await f.api('POST', '/tokens/paris/keys');
    expect(key.status).toBe(201);
    expect(key.body).toMatchObject({ tokenId: 'paris', staged: false, certificateUrl: '/tokens/paris/certificate.pem' });
    const pem = await f.api('GET', '/tokens/paris/certificate.pem', { key: f.readKey });
    expect(pem.status).toBe(200);
    expect(pem.contentType).toContain('application/x-pem-file');
    expect(pem.text).toBe(key.body.certificatePem);

    // 3. Apple's portal: an MDM server for the .pem, a .p7m to download, devices assigned to it
    const issued = f.simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: pem.text });
    const serials = f.simulator.devices.seed({ count: 5, serverId: issued.serverId });

    // 4. the .p7m uploaded with the Apple ID; the account is checked with Apple
    const uploaded = await f.api('PUT', '/tokens/paris/server-token', {
      raw: issued.p7m as string,
      headers: { 'x-apple-id': 'alice@contoso.example' },
    });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ tokenId: 'paris', renewed: false, account: { status: 'verified', serverName: 'Paris MDM' } });
    expect(uploaded.text).not.toContain('alice@contoso.example');
    const health = await f.api('GET', '/tokens/paris', { key: f.readKey });
    expect(health.body).toMatchObject({ tokenId: 'paris', stage: 'active', health: 'ok', serverName: 'Paris MDM' });
    expect((await f.api('GET', '/tokens', { key: f.readKey })).body.tokens).toEqual([
      expect.objectContaining({ tokenId: 'paris', health: 'ok' }),
    ]);
    expect((await f.api('POST', '/tokens/paris/account-check')).body).toEqual({
      status: 'verified',
      serverName: 'Paris MDM',
      orgName: expect.any(String),
    });
    expect((await f.api('POST', '/tokens/paris/expiry-check')).body).toEqual({ recorded: [] });

    // 5. the corporate enrollment profile: defined, published at Apple, made the default
    const defined = await f.api('POST', '/profiles', {
      json: {
        profileId: 'corp',
        tokenId: 'paris',
        settings: { name: 'Contoso iPhones', url: 'https://mdm.contoso.example/enroll', skipSetupItems: ['Siri'] },
      },
    });
    expect(defined.status).toBe(201);
    expect(defined.body.recorded.map((r: { type: string }) => r.type)).toEqual(['ProfileDefined']);
    const published = await f.api('POST', '/profiles/corp/publish');
    expect(published.status).toBe(200);
    expect(published.body.profileUuid).toMatch(/^[0-9A-F]{32}$/);
    expect((await f.api('PUT', '/tokens/paris/default-profile', { json: { profileId: 'corp' } })).status).toBe(200);
    const revised = await f.api('POST', '/profiles/corp/revisions', {
      json: { settings: { name: 'Contoso iPhones', url: 'https://mdm.contoso.example/enroll', skipSetupItems: ['Siri', 'Location'] } },
    });
    expect(revised.body.recorded.map((r: { type: string }) => r.type)).toEqual(['ProfileRevised']);
    // depledger's own minimum OS at enrollment for the profile (never sent to Apple)
    const minimum = await f.api('PUT', '/profiles/corp/minimum-os', { json: { minimumOs: { iOS: { version: '17.1' } } } });
    expect(minimum.body.recorded.map((r: { type: string }) => r.type)).toEqual(['ProfileMinimumOsSet']);
    expect((await f.api('GET', '/profiles/corp', { key: f.readKey })).body).toMatchObject({
      profileId: 'corp',
      version: 2,
      status: 'draft',
      isDefault: true,
      minimumOs: { iOS: { version: '17.1' } },
    });
    const republished = await f.api('POST', '/profiles/corp/publish');
    expect(republished.body).toMatchObject({ profileId: 'corp', version: 2 });
    expect(republished.body.profileUuid).not.toBe(published.body.profileUuid);
    const profiles = await f.api('GET', '/profiles?tokenId=paris', { key: f.readKey });
    expect(profiles.body.profiles).toEqual([
      expect.objectContaining({ profileId: 'corp', status: 'published', isDefault: true, profileUuid: republished.body.profileUuid }),
    ]);

    // 7. "Sync now": 202 with the run id, then the run's progress until it ends
    const sync = await f.api('POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
    expect(sync.status).toBe(202);
    expect(sync.body).toMatchObject({ tokenId: 'paris', kind: 'full', statusUrl: `/tokens/paris/syncs/${sync.body.runId}` });
    const run = await eventually(async () => {
      const answer = await f.api('GET', sync.body.statusUrl, { key: f.readKey });
      return answer.body.outcome === 'running' ? undefined : answer.body;
    });
    expect(run).toMatchObject({ runId: sync.body.runId, outcome: 'completed', counts: { added: 5 }, actor: 'api:mdm' });
    expect((await f.api('GET', '/tokens/paris/syncs', { key: f.readKey })).body.runs).toEqual([
      expect.objectContaining({ runId: sync.body.runId, outcome: 'completed', live: null }),
    ]);
    const devices = await f.api('GET', '/devices?tokenId=paris&status=not_contacted', { key: f.readKey });
    expect(devices.body.devices.map((d: { serial: string }) => d.serial)).toEqual([...serials].sort());
    expect(devices.body.devices[0]).toMatchObject({
      status: 'not_contacted',
      statusLabel: 'Not contacted',
      profile: { profileId: 'corp' },
    });
    const beforeEnrollment = new Date().toISOString();

    // paging: two at a time
    const first = await f.api('GET', '/devices?limit=2', { key: f.readKey });
    const second = await f.api('GET', `/devices?limit=2&after=${first.body.next}`, { key: f.readKey });
    const third = await f.api('GET', `/devices?limit=2&after=${second.body.next}`, { key: f.readKey });
    expect([...first.body.devices, ...second.body.devices, ...third.body.devices].map((d: { serial: string }) => d.serial)).toEqual(
      [...serials].sort(),
    );
    expect(third.body.next).toBeNull();

    // 8. the MDM's check-in: enrolled
    const serial = [...serials].sort()[0] as string;
    const enrolled = await f.api('POST', `/devices/${serial}/enrollment`, { json: { user: 'jeanne@contoso.example' } });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.recorded.map((r: { type: string }) => r.type)).toEqual(['DeviceEnrolled']);
    const device = await f.api('GET', `/devices/${serial}?lang=fr`, { key: f.readKey });
    expect(device.body).toMatchObject({ serial, status: 'enrolled', statusLabel: 'Inscrit' });
    expect(device.text).not.toContain('jeanne');
    const asOf = await f.api('GET', `/devices/${serial}?asOf=${encodeURIComponent(beforeEnrollment)}`, { key: f.readKey });
    expect(asOf.body).toMatchObject({ serial, status: 'not_contacted' });
    const history = await f.api('GET', `/devices/${serial}/history`, { key: f.readKey });
    expect(history.body.history.map((h: { type: string }) => h.type)).toEqual(
      expect.arrayContaining(['DeviceAssignedToServer', 'DeviceEnrolled']),
    );
    expect(history.body.history.find((h: { type: string }) => h.type === 'DeviceEnrolled')).toMatchObject({ actor: 'api:mdm' });

    // every administrator write carries the key's actor
    const actors = new Set<string>();
    for await (const stored of f.store.readAll({ streamPrefixes: ['dep-token-', 'dep-profile-'] })) actors.add(stored.metadata.actor);
    expect(actors).toContain('api:mdm');
    expect([...actors].filter((a) => a.startsWith('admin:'))).toEqual([]);

    // the schedule, as the scheduler inside the server sees it
    const schedule = await f.api('GET', '/schedule', { key: f.readKey });
    expect(schedule.body.tokens).toEqual([expect.objectContaining({ tokenId: 'paris', skipped: null })]);
    expect((await f.api('GET', '/health', { key: null })).body).toEqual({ status: 'ok' });
  }, 60_000);

  it('answers every route as the OpenAPI document at /openapi.json says, and the document lists exactly the routes served', async () => {
    const document = await f.api('GET', '/openapi.json', { key: null });
    expect(document.status).toBe(200);
    expect(document.body).toMatchObject({ openapi: '3.1.0', info: { title: 'depledger' } });
    expect(checkAgainstOpenApi(document.body, f.answers)).toEqual([]);

    const operations = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(f.server.routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of f.server.routes)
      expect(f.server.app.hasRoute({ method: route.method, url: route.path.replace(/\{([A-Za-z]+)\}/g, ':$1') })).toBe(true);
    // every operation was exercised by the walk-through above (the webhooks' in webhooks.e2e.spec.ts)
    const exercised = new Set(
      f.answers.map((a) => operationOf(document.body, a.method, a.path)).map((m) => (m ? `${m.method} ${m.path}` : '')),
    );
    expect(operations.filter((o) => !exercised.has(o) && !o.includes('/webhooks'))).toEqual([]);
  });
});
