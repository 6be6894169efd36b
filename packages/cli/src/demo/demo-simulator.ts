import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export type PortalDevice = Readonly<{ serial_number: string; order_number: string; server_id?: string }>;

/** The simulator the demo started with `depledger simulator`, and the portal's view of the organisation. */
export type DemoSimulator = Readonly<{
  url: string;
  /** The School and Business Manager API account it made (`--api-key-out`): its ids; the key is in the file. */
  apiAccount: Readonly<{ clientId: string; keyId: string; keyFile: string }> | undefined;
  devices(): Promise<PortalDevice[]>;
  /** Makes every answer of the simulated Apple slow (0 to undo): the demo uses it to catch a sync mid-run. */
  setLatency(ms: number): Promise<void>;
  stop(): Promise<void>;
  /** Ends the simulator at once (when the demo itself is interrupted). */
  kill(): void;
}>;

const firstLine = async (child: ChildProcess): Promise<string> => {
  let out = '';
  const stdout = child.stdout as NodeJS.ReadableStream;
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  while (!out.includes('\n')) {
    const exited = once(child, 'exit').then(() => 'exit' as const);
    const data = once(stdout, 'data').then(() => 'data' as const);
    if ((await Promise.race([exited, data])) === 'exit') throw new Error(`the simulator stopped before it started: ${out}`);
  }
  return out.split('\n')[0] as string;
};

/** Starts `depledger simulator --port 0 --json …` in the background and reads its URL. */
export const startDemoSimulator = async (
  spawnArgs: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>> = {},
): Promise<DemoSimulator> => {
  const child = spawn(process.execPath, [...spawnArgs], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const { url, apiAccount } = JSON.parse(await firstLine(child)) as {
    url: string;
    apiAccount?: { clientId: string; keyId: string; keyFile: string };
  };
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`the simulator answered ${response.status} to ${method} ${path}`);
    return response.json() as Promise<unknown>;
  };
  return {
    url,
    apiAccount,
    devices: async () => (await control('GET', '/_portal/devices')) as PortalDevice[],
    setLatency: async (ms) => void (await control('PATCH', '/_control/faults', { latencyMs: ms })),
    kill() {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
};
