import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { accessibilityViolations } from './testing/accessibility';
import { describeInChromium, launchChromium } from './testing/chromium';
import { unreachableByKeyboard } from './testing/keyboard';
import { startServeFixture, type ServeFixture } from './testing/serve-fixture';

// The seed's walk-through clicked through the console in a real Chromium, against the simulator:
// sign in with an API key, generate the key and download the .pem, upload the .p7m, define and
// publish the profile, "Synchroniser" (disabled while Apple is held), power a device on, the device
// shown as Inscrit — in French and in English. Form errors appear beside their field with the API's
// code and record nothing. Every screen shown passes axe-core's WCAG 2.1 A and AA rules. Screenshots go to .tmp/console-screenshots, or to docs/console with
// DEPLEDGER_CONSOLE_SCREENSHOTS=docs (what the README shows).

const repository = join(__dirname, '..', '..', '..');
const screenshots =
  process.env.DEPLEDGER_CONSOLE_SCREENSHOTS === 'docs'
    ? join(repository, 'docs', 'console')
    : join(repository, '.tmp', 'console-screenshots');

type Words = Readonly<{
  syncNow: string;
  notContacted: string;
  enrolled: string;
  healthy: string;
  refusal: string;
  other: string;
  siriPane: string;
}>;
const words: Readonly<Record<'fr' | 'en', Words>> = {
  fr: {
    syncNow: 'Synchroniser',
    notContacted: 'Non contacté',
    enrolled: 'Inscrit',
    healthy: 'Opérationnel',
    refusal: 'Une synchronisation est déjà en cours',
    other: 'English',
    siriPane: 'Configuration de Siri',
  },
  en: {
    syncNow: 'Sync now',
    notContacted: 'Not contacted',
    enrolled: 'Enrolled',
    healthy: 'Healthy',
    refusal: 'A sync is already running',
    other: 'Français',
    siriPane: 'Siri setup',
  },
};

/** The embedding MDM's enrollment URL: a device's first power-on is recorded through the API (step 8). */
const startMdm = async (f: ServeFixture): Promise<{ url: string; close(): Promise<void> }> => {
  const server: Server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const serial = String((JSON.parse(body) as { serial_number: string }).serial_number);
      void f.api('POST', `/devices/${encodeURIComponent(serial)}/enrollment`, { json: {} }).then((answer) => {
        response.writeHead(answer.status === 201 ? 200 : 500).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/enroll`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const walkThrough = async (lang: 'fr' | 'en'): Promise<void> => {
  const said = words[lang];
  const unsaid = words[lang === 'fr' ? 'en' : 'fr'];
  const f = await startServeFixture();
  const mdm = await startMdm(f);
  const chromium = await launchChromium({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB' }).catch(async (error: unknown) => {
    await mdm.close();
    await f.close();
    throw error;
  });
  const files = mkdtempSync(join(tmpdir(), 'depledger-console-'));
  mkdirSync(screenshots, { recursive: true });
  let step = 0;
  // every screen the walk-through shows is also checked by axe-core (WCAG 2.1 A and AA), in both languages, and
  // walked with Tab: every control reached (not the syncs screen, which draws itself again every second)
  const shot = async (page: Page, name: string) => {
    const screen = `${lang} ${name}`;
    expect({ screen, violations: await accessibilityViolations(page) }).toEqual({ screen, violations: [] });
    if (!name.startsWith('sync')) expect({ screen, unreachable: await unreachableByKeyboard(page) }).toEqual({ screen, unreachable: [] });
    step += 1;
    await page.screenshot({ path: join(screenshots, `${lang}-${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  try {
    const page = await chromium.context.newPage();
    // a hang guard only: a busy machine may take its time
    page.setDefaultTimeout(120_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // the refusals this walk-through provokes on purpose (a wrong key, bad fields) are logged by Chromium; anything else is a defect
      if (message.type() === 'error' && !/status of (400|401) /.test(message.text())) pageErrors.push(message.text());
    });

    // The server speaks English by default; French is one click away and remembered across a reload.
    await page.goto(`${f.url}/`);
    await page.waitForSelector('button[data-action="sign-in"]');
    if (lang === 'fr') await page.click('#lang');
    await page.reload();
    await page.waitForSelector('button[data-action="sign-in"]');
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.textContent('#lang')).toBe(said.other);

    // No anonymous access: a wrong key is refused beside its field, with the API's code.
    await page.fill('#key', 'dpl_not_a_key');
    await page.click('button[data-action="sign-in"]');
    await page.waitForSelector('#error-key[data-code="API_KEY_INVALID"]');
    await shot(page, 'sign-in');
    await page.fill('#key', f.writeKey);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-view="syncs"]');

    // Steps 1–2: the token and its key; the .pem downloaded from the console.
    await page.click('#nav a[href="#/tokens"]');
    await page.waitForSelector('main[data-view="tokens"]');
    await page.fill('#new-token-id', 'paris');
    await page.click('button[data-action="new-token"]');
    await page.waitForSelector('section[data-token="paris"] .badge[data-code="awaiting_upload"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('section[data-token="paris"] button[data-action="download-pem"]'),
    ]);
    expect(download.suggestedFilename()).toBe('paris.pem');
    const pem = readFileSync(await download.path(), 'utf8');
    expect(pem).toContain('BEGIN CERTIFICATE');

    // Step 3, Apple's portal (the simulator): an MDM server for that .pem, its .p7m, devices assigned.
    const issued = f.simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: pem });
    const serials = [...f.simulator.devices.seed({ count: 3, serverId: issued.serverId })].sort();
    const p7m = join(files, 'paris.p7m');
    writeFileSync(p7m, issued.p7m as string);

    // Step 4: the upload without the Apple ID is refused beside the Apple ID field, and records nothing.
    await page.setInputFiles('#p7m-paris', p7m);
    await page.click('section[data-token="paris"] button[data-action="upload"]');
    await page.waitForSelector('#error-apple-id-paris[data-code="INVALID_INPUT"]');
    // only the Apple ID is missing: the chosen file was sent (the view was not drawn again over it)
    expect(await page.$('#error-p7m-paris')).toBeNull();
    expect(await page.$eval('#p7m-paris', (input) => (input as unknown as { files: { length: number } }).files.length)).toBe(1);
    expect((await f.api('GET', '/tokens/paris')).body).toMatchObject({ stage: 'key_issued' });
    await shot(page, 'upload-error');
    await page.fill('#apple-id-paris', 'alice@contoso.example');
    await page.click('section[data-token="paris"] button[data-action="upload"]');
    await page.waitForSelector('section[data-token="paris"] .badge[data-code="ok"]');
    expect(await page.textContent('section[data-token="paris"] .badge[data-code="ok"]')).toBe(said.healthy);
    expect(await page.textContent('section[data-token="paris"] [data-expiry]')).toMatch(/\d/);
    await shot(page, 'token');

    // Step 5: a profile with a bad URL is refused beside the URL field (nothing recorded), then defined, published, made the default.
    await page.click('#nav a[href="#/profiles"]');
    await page.waitForSelector('main[data-view="profiles"]');
    // each Setup Assistant pane is described in the console's language, and its checkbox is named by it
    const siri = 'label.pane:has(input[name="skip"][value="Siri"])';
    expect(await page.textContent(`${siri} .pane-description`)).toContain(said.siriPane);
    expect(await page.textContent(`${siri} .pane-description`)).not.toContain(unsaid.siriPane);
    await page.fill('#profile-id', 'corp');
    await page.fill('#profile-name', 'Contoso iPhones');
    await page.fill('#profile-url', 'mdm.contoso.example');
    await page.check('input[name="skip"][value="Siri"]');
    await page.check('input[name="skip"][value="Location"]');
    await page.click('button[data-action="define"]');
    await page.waitForSelector('#error-profile-url[data-code="INVALID_INPUT"]');
    expect((await f.api('GET', '/profiles')).body.profiles).toEqual([]);
    await shot(page, 'profile-error');
    await page.fill('#profile-url', mdm.url);
    await page.click('button[data-action="define"]');
    await page.waitForSelector('tr[data-profile="corp"] button[data-action="publish"]');
    await page.click('tr[data-profile="corp"] button[data-action="publish"]');
    await page.waitForSelector('tr[data-profile="corp"] button[data-action="make-default"]');
    await page.click('tr[data-profile="corp"] button[data-action="make-default"]');
    await page.waitForSelector('tr[data-profile="corp"] .badge[data-code="ok"]');
    expect((await f.api('GET', '/profiles/corp')).body).toMatchObject({
      status: 'published',
      isDefault: true,
      settings: { skipSetupItems: ['Location', 'Siri'] },
    });
    await shot(page, 'profile');

    // Step 7: Synchroniser. Apple is held, so the run stays in flight: the button is disabled and the
    // progress shows until the test releases Apple; the page refreshes itself (no reload).
    await page.click('#nav a[href="#/syncs"]');
    const syncNow = 'button[data-sync-now="paris"]';
    await page.waitForSelector(`${syncNow}:not([disabled])`);
    expect(await page.textContent(syncNow)).toBe(said.syncNow);
    f.apple.hold();
    await page.click(syncNow);
    await page.waitForSelector(`${syncNow}[disabled]`);
    await page.waitForSelector('#progress-paris[data-running="true"]');
    // another administrator's request meanwhile is refused, and the history explains why
    const refused = await f.api('POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
    expect(refused.body).toMatchObject({ code: 'SYNC_REFUSED', details: { reason: 'run_in_progress' } });
    await page.waitForSelector('tr[data-outcome="refused"]');
    expect(await page.textContent('tr[data-outcome="refused"]')).toContain(said.refusal);
    // drawn again since the click (the refusal row is new) and still disabled while the run is in flight
    expect(await page.isDisabled(syncNow)).toBe(true);
    await shot(page, 'sync-running');
    f.apple.release();
    await page.waitForSelector('tr[data-outcome="completed"]');
    await page.waitForSelector(`${syncNow}:not([disabled])`);
    await shot(page, 'sync-done');

    // The devices, Non contacté; then one is switched on, enrolls through the MDM, and shows as Inscrit.
    await page.click('#nav a[href="#/devices"]');
    await page.waitForSelector('#devices tbody tr');
    expect(await page.$$eval('#devices tbody tr', (rows) => rows.map((row) => row.getAttribute('data-serial')))).toEqual(serials);
    expect(await page.$$eval('#devices .badge', (badges) => badges.map((b) => b.textContent))).toEqual(
      serials.map(() => said.notContacted),
    );
    await shot(page, 'devices');
    const serial = serials[0] as string;
    expect(await f.simulator.devices.powerOn(serial)).toMatchObject({ pushed: true, status: 200 });
    await page.fill('#device-serial', serial.slice(0, -1).toLowerCase());
    await page.selectOption('#device-status', 'enrolled');
    await page.click('button[data-action="filter"]');
    await page.waitForSelector(`tr[data-serial="${serial}"] .badge[data-code="enrolled"]`);
    expect(await page.$$eval('#devices tbody tr', (rows) => rows.length)).toBe(1);
    expect(await page.textContent(`tr[data-serial="${serial}"] .badge`)).toBe(said.enrolled);
    await shot(page, 'enrolled');
    await page.click(`tr[data-serial="${serial}"] a`);
    // the timeline, not the list still on screen until the history arrives (a busy machine shows the list longer)
    await page.waitForSelector('main[data-view="device"] tbody tr');
    expect(await page.$$eval('main tbody .badge[data-code]', (badges) => badges.map((b) => b.getAttribute('data-code')))).toEqual(
      expect.arrayContaining(['not_contacted', 'enrolled']),
    );
    await shot(page, 'timeline');

    // one language at a time: none of the other language's words on the pages visited last
    const text = (await page.textContent('body')) ?? '';
    for (const word of [unsaid.enrolled, unsaid.notContacted]) expect(text).not.toContain(word);
    expect(pageErrors).toEqual([]);
  } finally {
    f.apple.release();
    await chromium.close();
    await mdm.close();
    await f.close();
    rmSync(files, { recursive: true, force: true });
  }
};

describeInChromium('the console in Chromium: the seed walk-through', () => {
  it('in French', () => walkThrough('fr'), 300_000);
  it('in English', () => walkThrough('en'), 300_000);
});
