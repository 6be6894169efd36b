import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { binPath, buildCli, removeDir, tempDir } from '../test-support/cli-process';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** `depledger simulator` runs in the foreground, prints its URL and credentials, answers, and stops on SIGTERM. */
describe('depledger simulator', () => {
  const dir = tempDir('sim');
  beforeAll(() => buildCli(), 60_000);
  afterAll(() => removeDir(dir));

  const startSimulator = async (...args: string[]) => {
    const child = spawn(process.execPath, [binPath, 'simulator', '--port', '0', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    while (!out.includes('\n')) await once(child.stdout, 'data');
    return { child, firstOutput: () => out };
  };

  it('--json prints the URL, the inventory and a ready-made server; the control API answers; SIGTERM stops it', async () => {
    const { child, firstOutput } = await startSimulator('--devices', '7', '--json');
    const started = JSON.parse(firstOutput().split('\n')[0] as string) as {
      url: string;
      devices: number;
      server: { consumer_key: string };
    };
    expect(started).toMatchObject({ devices: 7, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(started.server.consumer_key).toMatch(/^CK_/);
    const devices = (await (await fetch(`${started.url}/_portal/devices`)).json()) as unknown[];
    expect(devices).toHaveLength(7);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('prints the URL and the credentials for people', async () => {
    const { child, firstOutput } = await startSimulator('--devices', '3');
    while (!firstOutput().includes('Ctrl-C')) await once(child.stdout, 'data');
    // nothing asked (no --lang, no DEPLEDGER_LANG): French, like every command
    expect(firstOutput()).toMatch(/^Simulateur Apple DEP à l’écoute sur http:\/\/127\.0\.0\.1:\d+/);
    expect(firstOutput()).toContain('inventaire : 3 appareils');
    expect(firstOutput()).toMatch(/consumer_key\s+CK_/);
    child.kill('SIGINT');
    await once(child, 'exit');
  });

  it('refuses a bad --devices', async () => {
    const child = spawn(process.execPath, [binPath, 'simulator', '--devices', 'many', '--lang', 'en'], { cwd: dir });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(err).toMatch(/^error INVALID_INPUT: --devices must be a whole number/);
  });
});
