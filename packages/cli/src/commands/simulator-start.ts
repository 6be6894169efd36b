import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type * as SimulatorPackage from '@depledger/apple-simulator';
import { CliError } from '../errors/cli-error';
import { checkOutputFile } from '../files/output-file';
import type { Kit } from './kit';
import { untilStopped } from '../runtime/until-stopped';

type Options = { port: string; host: string; devices: string; seed: string; apiKeyOut?: string };

const wholeNumber = (value: string, flag: string, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new CliError('INVALID_INPUT', `${flag} must be a whole number from 0 to ${max} (found ${JSON.stringify(value)}).`);
  return n;
};

/**
 * Starts the Apple DEP simulator in the foreground: an organisation with a seeded inventory (not yet
 * assigned to any MDM server: that is the portal's step 6) and a ready-made MDM server for DEP
 * clients that take raw OAuth credentials. Stops on Ctrl-C.
 */
export const registerSimulatorStart = (simulator: Command, kit: Kit): void => {
  simulator
    .option('--port <n>', 'port on the host; 0 picks a free one', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--devices <n>', "devices in the organisation's inventory, not yet assigned to a server", '30')
    .option('--seed <n>', 'inventory seed (same seed, same serials)', '1')
    .option(
      '--api-key-out <file>',
      'also create a School and Business Manager API account and write its private key there (for depledger business connect)',
    )
    .addHelpText(
      'after',
      "\nThe simulator prints its URL and the OAuth credentials of a ready-made MDM server (for DEP clients\nthat take them raw). depledger itself takes a server token: add a server with your .pem at the\nsimulator's portal (depledger simulator portal add-server), then assign devices to it.\n\nExamples:\n  depledger simulator --port 8080 --devices 50\n  depledger simulator portal add-server --pem paris.pem --out paris.p7m\n  depledger simulator portal assign --server <id> --order W123456789\n  depledger simulator power-on C02XK1ABCD12\n  depledger simulator --api-key-out api-key.pem   (then depledger business connect with the printed ids)",
    )
    .action(
      kit.action<Options>(async ({ options, io, globals, out }) => {
        const port = wholeNumber(options.port, '--port', 65535);
        const count = wholeNumber(options.devices, '--devices', 1_000_000);
        // Loaded only for this command: every other command starts without the simulator's modules.
        const { createAppleSimulator } = require('@depledger/apple-simulator') as typeof SimulatorPackage;
        const sim = createAppleSimulator({ seed: wholeNumber(options.seed, '--seed', 2 ** 31) });
        const serials = sim.devices.seed({ count });
        const ready = sim.portal.addMdmServer({ name: 'Simulator MDM' });
        const keyPath = options.apiKeyOut === undefined ? undefined : checkOutputFile(io.cwd, options.apiKeyOut, false, 'the API key');
        const { url } = await sim.start(port, options.host).catch((error: unknown) => {
          throw new CliError(
            'SIMULATOR_START_FAILED',
            `The simulator cannot listen on ${options.host}:${port} (${(error as Error).message}): choose another --port (0 picks a free one).`,
          );
        });
        const orders = new Set(sim.devices.list().map((d) => d.order_number));
        let apiAccount: { clientId: string; keyId: string; keyFile: string } | undefined;
        if (keyPath !== undefined && options.apiKeyOut !== undefined) {
          const issued = sim.business.addApiAccount({ name: 'Simulator API account' });
          writeFileSync(keyPath, issued.privateKeyPem, { flag: 'wx', mode: 0o600 });
          apiAccount = { clientId: issued.clientId, keyId: issued.keyId, keyFile: options.apiKeyOut };
        }
        const summary = {
          url,
          devices: serials.length,
          orderNumbers: orders.size,
          server: {
            serverId: ready.serverId,
            name: ready.serverName,
            ...ready.credentials,
            access_token_expiry: ready.token.access_token_expiry,
          },
          ...(apiAccount === undefined ? {} : { apiAccount }),
        };
        if (globals.json) io.stdout(`${JSON.stringify(summary)}\n`);
        else
          io.stdout(
            [
              out.t('simulator.listening', { url }),
              out.t('simulator.inventory', { devices: serials.length, orders: orders.size }),
              out.t('simulator.readyServer', { name: ready.serverName, id: ready.serverId }),
              `    consumer_key     ${ready.credentials.consumer_key}`,
              `    consumer_secret  ${ready.credentials.consumer_secret}`,
              `    access_token     ${ready.credentials.access_token}`,
              `    access_secret    ${ready.credentials.access_secret}`,
              ...(apiAccount === undefined
                ? []
                : [
                    out.t('simulator.apiAccount', { file: apiAccount.keyFile }),
                    `    depledger business connect --client-id ${apiAccount.clientId} --key-id ${apiAccount.keyId} --key ${apiAccount.keyFile} --apple-url ${url}`,
                  ]),
              out.t('simulator.urls', { url }),
              out.t('simulator.stop'),
              '',
            ].join('\n'),
          );
        await untilStopped();
        await sim.stop();
      }),
    );
};
