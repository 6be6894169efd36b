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
  });

  it('speaks English with --lang en', () => {
    const lines = deviceLines(run('--lang', 'en'));
    expect(lines.filter((l) => l.endsWith(' Enrolled'))).toHaveLength(3);
    expect(lines.filter((l) => l.endsWith(' Not contacted'))).toHaveLength(3);
  });
});
