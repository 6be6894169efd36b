import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sampleOf } from '../measure';
import type { Row } from '../row';

const cliBin = join(__dirname, '..', '..', '..', 'cli', 'dist', 'bin.js');
const bareChild = join(__dirname, '..', 'sync', 'bare-read-child.js');

const timedChild = (args: readonly string[]): Promise<{ ms: number; stdout: string }> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(process.execPath, args, { maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${args.join(' ')}: ${error.message} ${stderr.slice(-1000)}`));
      resolve({ ms: performance.now() - started, stdout });
    });
  });

/** `depledger devices --json` on the SQLite file a full sync of `devices` devices left, timed as a child process. */
export const cliDevices = async (path: string, devices: number, runs: number): Promise<Row | null> => {
  if (!existsSync(cliBin)) return null;
  const cli = [cliBin, '--store', `sqlite:${path}`, '--json', 'devices'];
  const bare = [bareChild, path];
  await timedChild(cli); // warm-up (file cache)
  await timedChild(bare);
  const ours: number[] = [];
  const limit: number[] = [];
  for (let r = 0; r < runs; r++) {
    const out = await timedChild(cli);
    ours.push(out.ms);
    const listed = JSON.parse(out.stdout) as unknown;
    const count = Array.isArray(listed)
      ? listed.length
      : Array.isArray((listed as { devices?: unknown[] }).devices)
        ? (listed as { devices: unknown[] }).devices.length
        : -1;
    if (count !== devices) throw new Error(`devices --json listed ${count} devices, expected ${devices}`);
    limit.push((await timedChild(bare)).ms);
  }
  return {
    id: `cli-devices-${devices}`,
    workload: `CLI \`depledger devices --json\` on the SQLite file of a ${devices.toLocaleString('en')}-device sync (child process, Node start-up included)`,
    kind: 'ms',
    unit: 'ms',
    depledger: sampleOf(ours),
    limit: { label: 'a Node process JSON.parsing every event of the file with bare better-sqlite3', sample: sampleOf(limit) },
  };
};
