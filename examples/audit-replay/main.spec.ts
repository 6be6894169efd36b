import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Runs the example as a user does (`node examples/audit-replay/main.mjs`, on the built packages)
// and checks the audit answers it prints: who did what to a device and to a token, in order, and
// what the fleet looked like at an earlier date.
const run = (...args: string[]) =>
  execFileSync(process.execPath, [join(__dirname, 'main.mjs'), ...args], { encoding: 'utf8', timeout: 60_000 });

const section = (out: string, title: RegExp) => {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => title.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith('  '));
  return end === -1 ? rest : rest.slice(0, end);
};
// "  2026-11-26 06:59  admin:alice      Apple reports …  → Not contacted" → [actor, text]
const actorAndText = (line: string) => {
  const m = /^ {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}(\S+)\s+(.*)$/.exec(line);
  if (!m) throw new Error(`not a history line: ${line}`);
  return [m[1]!, m[2]!] as const;
};

describe('examples/audit-replay', () => {
  let out = '';
  beforeAll(() => {
    out = run();
  }, 60_000);

  it("tells a device's history with who and when, oldest first, and the status each event left", () => {
    const device = section(out, /^Device [A-Z0-9]+: what happened, who, when$/).map(actorAndText);
    // Who, in order (consecutive events of one action collapsed): the sync Alice asked for, the
    // check-in at first power-on, the scheduled sync that saw the profile pushed, Bob's unenrollment.
    const actors = device.map(([actor]) => actor).filter((actor, i, all) => actor !== all[i - 1]);
    expect(actors).toEqual(['admin:alice', 'mdm:checkin', 'system:schedule', 'admin:bob']);
    const enrolledAt = device.findIndex(([actor]) => actor === 'mdm:checkin');
    expect(device[0]![1]).toMatch(/^Apple reports the device assigned to token paris's MDM server .*→ Not contacted$/);
    expect(device.slice(0, enrolledAt).every(([, text]) => text.endsWith('→ Not contacted'))).toBe(true);
    expect(device[enrolledAt]![1]).toMatch(/^Enrolled with the MDM .*→ Enrolled$/);
    expect(device.some(([actor, text]) => actor === 'system:schedule' && /downloaded its profile .*→ Enrolled$/.test(text))).toBe(true);
    expect(device.at(-1)![1]).toBe('Unenrolled by an administrator: returned to the service desk  → Not contacted');
  });

  it("tells the token's history: upload by Alice, expiry warning by the clock, renewal by Bob with the same Apple ID", () => {
    const token = section(out, /^Token paris: what happened, who, when$/).map(actorAndText);
    expect(token.map(([actor, text]) => `${actor} ${text.split(/[:(,]/)[0]!.trim()}`)).toEqual([
      'admin:alice encryption key issued',
      'admin:alice server token uploaded',
      'admin:alice Apple confirmed the account',
      'admin:alice default profile none → corp',
      'system:clock expiry warning',
      'admin:bob encryption key issued',
      'admin:bob server token renewed',
      'admin:bob Apple confirmed the account',
    ]);
    expect(token[4]![1]).toMatch(/threshold 30\)$/);
    expect(out).toContain('Renewal with another Apple ID refused: RENEWAL_APPLE_ID_MISMATCH (nothing recorded)');
  });

  it('lists the sync runs with who asked for them', () => {
    const runs = section(out, /^Sync runs of token paris$/).map(actorAndText);
    expect(runs.map(([actor, text]) => `${actor} ${text.split(':')[0]}`)).toEqual([
      'admin:alice full manual',
      'system:schedule incremental schedule',
    ]);
    expect(runs[0]![1]).toMatch(/: Completed, 4 added/);
    expect(runs[1]![1]).toMatch(/: Completed, 0 added/);
  });

  it('answers "as of" questions from history: the device and the fleet then and now', () => {
    expect(out).toMatch(/As of \d{4}-\d\d-\d\d: [A-Z0-9]+ was "Enrolled"; today it is "Not contacted"\./);
    expect(out).toMatch(/Fleet of token paris as of \d{4}-\d\d-\d\d: 2 Not contacted, 2 Enrolled; today: 3 Not contacted, 1 Enrolled\./);
  });

  it('shows people as vault references, never their e-mail addresses', () => {
    expect(out).toMatch(/Apple ID vault:apple-id:[A-Za-z0-9_-]+/);
    expect(out).not.toMatch(/@contoso\.example/i);
  });

  it('speaks French with --lang fr', () => {
    const fr = run('--lang', 'fr');
    expect(fr).toMatch(/As of \d{4}-\d\d-\d\d: [A-Z0-9]+ was "Inscrit"; today it is "Non contacté"\./);
    expect(fr).toContain('Désinscrit par un administrateur : returned to the service desk  → Non contacté');
  }, 60_000);
});
