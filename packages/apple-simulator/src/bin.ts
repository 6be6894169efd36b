#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createAppleSimulator } from './simulator';
import { depsimCredentials } from './state/server-token';

const usage = `depledger-simulator — a local simulator of Apple's DEP web service

Options:
  --port <n>       port to listen on (default 8080; 0 = any free port)
  --host <addr>    address to listen on (default 127.0.0.1)
  --devices <n>    seeded devices assigned to the MDM server (default 10)
  --seed <n>       seed of the inventory (default 1)
  --depsim         depsim-compatible mode (depsim's fixed OAuth credentials)
  --json           print the URL and credentials as one JSON line
  --help           this text`;

function numberOption(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      devices: { type: 'string' },
      seed: { type: 'string' },
      depsim: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const depsim = values.depsim === true;
  const simulator = createAppleSimulator({ seed: numberOption(values.seed, 1, 'seed'), depsim });
  const shutdown = (): void => {
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const server = simulator.portal.addMdmServer({ name: 'depledger MDM', ...(depsim ? { credentials: depsimCredentials } : {}) });
  const count = numberOption(values.devices, 10, 'devices');
  simulator.devices.seed({ count, serverId: server.serverId });
  const { url } = await simulator.start(numberOption(values.port, 8080, 'port'), values.host ?? '127.0.0.1');

  const summary = {
    url,
    server_uuid: server.serverId,
    devices: count,
    ...server.credentials,
    access_token_expiry: server.token.access_token_expiry,
  };
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stdout.write(
      [
        `Apple DEP simulator listening on ${url}`,
        `MDM server ${server.serverName} (${server.serverId}) with ${count} devices`,
        `consumer_key    ${summary.consumer_key}`,
        `consumer_secret ${summary.consumer_secret}`,
        `access_token    ${summary.access_token}`,
        `access_secret   ${summary.access_secret}`,
        `Portal/control API under ${url}/_portal/ and ${url}/_control/. Ctrl-C stops.`,
        '',
      ].join('\n'),
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`depledger-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
