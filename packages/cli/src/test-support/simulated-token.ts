import { createAppleSimulator, type AppleSimulator } from '@depledger/apple-simulator';
import { join } from 'node:path';
import { buildCli, cliIn, json, removeDir, tempDir, type Cli } from './cli-process';

/** `depledger token upload` for `tokenId` from `file`, with the Apple ID the specs use, against `url`. */
export const tokenUploadArgs = (tokenId: string, file: string, url: string): string[] => [
  'token',
  'upload',
  '--token',
  tokenId,
  '--file',
  file,
  '--apple-id',
  'alice@contoso.example',
  '--apple-url',
  url,
];

/**
 * Steps 2 to 4 through the binary, as a test's starting point: a key for `tokenId`, an MDM server
 * at the simulator's portal with `devices` devices, and the server token uploaded. Returns the
 * portal's server id.
 */
export const uploadSimulatedToken = async (
  cli: Cli,
  simulator: AppleSimulator,
  url: string,
  tokenId: string,
  devices: number,
): Promise<string> => {
  const generated = await cli('key', 'generate', '--token', tokenId, '--out', `${tokenId}.pem`);
  if (generated.code !== 0) throw new Error(`key generate failed: ${generated.stderr}`);
  const server = json<{ serverId: string }>(
    await cli('simulator', 'portal', 'add-server', '--pem', `${tokenId}.pem`, '--out', `${tokenId}.p7m`, '--simulator-url', url, '--json'),
  );
  simulator.devices.seed({ count: devices, serverId: server.serverId });
  const uploaded = await cli(...tokenUploadArgs(tokenId, `${tokenId}.p7m`, url));
  if (uploaded.code !== 0) throw new Error(`token upload failed: ${uploaded.stderr}`);
  return server.serverId;
};

/** What an end-to-end spec works with: the binary in a fresh directory, beside a simulator of Apple. */
export type SimulatedCli = Readonly<{
  sim: AppleSimulator;
  /** The directory the commands run in (removed after the describe block). */
  dir: string;
  /** The SQLite store the commands use by default (`depledger.db` in `dir`). */
  db: string;
  /** Runs the binary in `dir`. */
  cli: Cli;
  /** The simulator's URL, for `--apple-url` and `--simulator-url` (known once the block's tests run). */
  readonly url: string;
}>;

export type SimulatedCliOptions = Readonly<{
  /** The simulator's seed (its serial numbers and answers). */
  seed?: number;
  /** Steps 2 to 4 for this token before the tests (`uploadSimulatedToken`). */
  token?: Readonly<{ id: string; devices: number }>;
  /** More setup, after the token. */
  prepare?: (started: SimulatedCli) => Promise<void>;
  /** The command's environment beyond the defaults (e.g. `DEPLEDGER_LANG: 'fr'`). */
  env?: Readonly<Record<string, string>>;
}>;

/**
 * The start most end-to-end specs share, as hooks of the describe block that calls it: the command
 * built, a simulator listening on loopback, a fresh directory and, with `token`, steps 2 to 4 for
 * it. After the block, the directory is removed and the simulator stopped.
 */
export const simulatedCli = (name: string, options: SimulatedCliOptions = {}): SimulatedCli => {
  const sim = createAppleSimulator(options.seed === undefined ? {} : { seed: options.seed });
  const dir = tempDir(name);
  let url: string | undefined;
  const started: SimulatedCli = {
    sim,
    dir,
    db: join(dir, 'depledger.db'),
    cli: cliIn(dir, options.env),
    get url() {
      if (url === undefined) throw new Error('the simulator listens once the tests run (in beforeAll or a test)');
      return url;
    },
  };

  beforeAll(async () => {
    buildCli();
    ({ url } = await sim.start());
    if (options.token !== undefined) await uploadSimulatedToken(started.cli, sim, url, options.token.id, options.token.devices);
    await options.prepare?.(started);
  }); // jest's timeout for the file (a hang guard): a few processes may take minutes on a busy machine

  afterAll(async () => {
    removeDir(dir);
    await sim.stop();
  });

  return started;
};

/**
 * Where the bad-input specs start: keys for paris and lyon (paris.pem, lyon.pem) and a server token
 * the simulator's portal made for lyon's key (lyon.p7m); nothing uploaded.
 */
export const keysAndLyonServerToken = async ({ cli, url }: SimulatedCli): Promise<void> => {
  for (const tokenId of ['paris', 'lyon']) {
    const generated = await cli('key', 'generate', '--token', tokenId, '--out', `${tokenId}.pem`);
    if (generated.code !== 0) throw new Error(`key generate failed: ${generated.stderr}`);
  }
  const added = await cli('simulator', 'portal', 'add-server', '--pem', 'lyon.pem', '--out', 'lyon.p7m', '--simulator-url', url);
  if (added.code !== 0) throw new Error(`add-server failed: ${added.stderr}`);
};
