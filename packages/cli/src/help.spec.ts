import { PassThrough } from 'node:stream';
import { run } from './run';
import type { CliIo } from './runtime/cli-io';

/** Runs the command in this process (no store is opened for --help) and captures what it prints. */
const runInProcess = async (...argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    progressStream: new PassThrough(),
    env: {},
    cwd: process.cwd(),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
};

const subcommands = [
  ['key', 'generate'],
  ['token', 'upload'],
  ['token', 'verify'],
  ['token', 'remove'],
  ['tokens'],
  ['vault', 'rotate-key'],
  ['profile', 'define'],
  ['profile', 'revise'],
  ['profile', 'publish'],
  ['profile', 'default'],
  ['profile', 'list'],
  ['profile', 'retire'],
  ['assign'],
  ['business', 'connect'],
  ['business', 'servers'],
  ['business', 'devices'],
  ['business', 'assign'],
  ['business', 'unassign'],
  ['business', 'release'],
  ['business', 'migration-deadline'],
  ['business', 'cancel-migration'],
  ['business', 'activity'],
  ['business', 'status'],
  ['sync'],
  ['syncs'],
  ['queue'],
  ['devices'],
  ['summary'],
  ['history'],
  ['enroll'],
  ['unenroll'],
  ['rebuild'],
  ['simulator'],
  ['simulator', 'portal', 'add-server'],
  ['simulator', 'portal', 'assign'],
  ['simulator', 'portal', 'renew'],
  ['simulator', 'portal', 'servers'],
  ['simulator', 'portal', 'devices'],
  ['demo'],
  ['simulator', 'power-on'],
];

describe('--help', () => {
  it.each(subcommands)('depledger %s %s has help with an example, exit 0', async (...words) => {
    const names = words.filter((w): w is string => typeof w === 'string');
    const result = await runInProcess(...names, '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: depledger ${names.join(' ')}`);
    expect(result.stdout).toMatch(/Examples?:\n {2}depledger /);
    expect(result.stdout).toContain('--json');
  });

  it('the top-level help lists the steps and the exit codes', async () => {
    const result = await runInProcess('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("The Intune document's steps:");
    expect(result.stdout).toContain('Exit codes: 0 done');
  });
});
