import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Runs the example as a user does (`node examples/embedding-mdm/main.mjs`, on the built packages)
// and checks what it reports: the simulator's power-on reached the MDM's enrollment URL, the
// check-ins were recorded, and exactly those devices are listed as enrolled.
const run = (...args: string[]) =>
  execFileSync(process.execPath, [join(__dirname, 'main.mjs'), ...args], { encoding: 'utf8', timeout: 60_000 });

const deviceLines = (out: string) => out.split('\n').filter((line) => /^ {2}[A-Z0-9]{8,20} /.test(line));

describe('examples/embedding-mdm', () => {
  it('records the check-ins of the devices that were powered on, and only those, as Inscrit', () => {
    const out = run();

    expect(out).toMatch(/Token paris uploaded: verified \(Contoso Paris MDM\)/);
    expect(out).toMatch(/Sync completed: 6 devices added, 6 given the default profile/);
    const poweredOn = [...out.matchAll(/Power-on ([A-Z0-9]+): enrollment URL answered 200/g)].map((m) => m[1]);
    expect(poweredOn).toHaveLength(3);

    const lines = deviceLines(out);
    expect(lines).toHaveLength(6);
    const enrolled = lines.filter((l) => l.endsWith(' Inscrit')).map((l) => l.trim().split(/\s+/)[0]);
    const waiting = lines.filter((l) => l.endsWith(' Non contacté'));
    expect(enrolled.sort()).toEqual([...poweredOn].sort());
    expect(waiting).toHaveLength(3);
    expect(out).toContain('3 check-ins recorded');
  }, 60_000);

  it('speaks English with --lang en', () => {
    const lines = deviceLines(run('--lang', 'en'));
    expect(lines.filter((l) => l.endsWith(' Enrolled'))).toHaveLength(3);
    expect(lines.filter((l) => l.endsWith(' Not contacted'))).toHaveLength(3);
  }, 60_000);
});

describe('examples/embedding-mdm/enrollment-server.mjs', () => {
  // The endpoint on its own: what it answers to a device depledger does not know, to a body that
  // is not a check-in and to another route; in every case nothing is recorded.
  it('refuses what is not a check-in of a known device, and records nothing', () => {
    const script = `
      import { createAppleGateway, createAppleTokenPki } from '@depledger/apple';
      import { createDepledger, createInMemoryEventStore, createInMemoryVault } from '@depledger/core';
      import { startEnrollmentServer } from ${JSON.stringify(join(__dirname, 'enrollment-server.mjs'))};
      const store = createInMemoryEventStore();
      const depledger = createDepledger({ store, vault: createInMemoryVault(), pki: createAppleTokenPki(), gateway: createAppleGateway({ credentials: async () => null }) });
      const mdm = await startEnrollmentServer(depledger);
      const post = async (url, body) => { const r = await fetch(url, { method: 'POST', body }); return [r.status, await r.json()]; };
      const answers = [
        await post(mdm.url, JSON.stringify({ serial_number: 'C02UNKNOWN01', event: 'enroll' })),
        await post(mdm.url, 'not json'),
        await post(mdm.url.replace('/mdm/enroll', '/other'), '{}'),
      ];
      console.log(JSON.stringify({ answers, checkIns: mdm.checkIns, events: await store.headPosition() }));
      await mdm.close();`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 30_000,
    });
    const { answers, checkIns, events } = JSON.parse(out) as {
      answers: [number, { error: string }][];
      checkIns: unknown[];
      events: number;
    };
    expect(answers.map(([status, body]) => [status, body.error])).toEqual([
      [422, 'DEVICE_UNKNOWN'],
      [400, 'a JSON body with serial_number is required'],
      [404, 'not found'],
    ]);
    expect(checkIns).toEqual([]);
    expect(events).toBe(0);
  }, 60_000);
});
