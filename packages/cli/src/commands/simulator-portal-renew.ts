import type { Command } from 'commander';
import { checkOutputFile, writeOutputFile } from '../files/output-file';
import { createSimulatorClient, simulatorUrlOf } from '../simulator/control-client';
import { readCertificate } from '../simulator/read-certificate';
import type { IssuedServer } from '../simulator/simulator-types';
import { withSimulatorUrl } from '../simulator/simulator-url-option';
import type { Kit } from './kit';

type Options = { server: string; pem: string; out: string; force?: boolean; simulatorUrl?: string };

/** At the simulator's portal: a new server token for an MDM server (a renewal). */
export const registerPortalRenew = (portal: Command, kit: Kit): void => {
  withSimulatorUrl(
    portal
      .command('renew')
      .description('download a new server token for an MDM server (renewal); the previous token stops working at once')
      .requiredOption('--server <id>', 'the MDM server id')
      .requiredOption('--pem <file.pem>', 'the certificate of the renewal key (`depledger key generate` again for the same token)')
      .requiredOption('--out <file.p7m>', 'where to write the new server token')
      .option('--force', 'replace --out if it exists'),
  )
    .addHelpText(
      'after',
      '\nThe renewed token must be uploaded with the same Apple ID as the first one.\n\nExample:\n  depledger key generate --token paris --out paris-2027.pem\n  depledger simulator portal renew --server <id> --pem paris-2027.pem --out paris-2027.p7m',
    )
    .action(
      kit.action<Options>(async ({ options, io, out }) => {
        const certificatePem = readCertificate(io.cwd, options.pem);
        const force = options.force === true;
        const path = checkOutputFile(io.cwd, options.out, force, 'the server token');
        const client = createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env));
        const issued = await client.request<IssuedServer>('POST', `/_portal/servers/${encodeURIComponent(options.server)}/token`, {
          certificatePem,
        });
        writeOutputFile(path, issued.p7m ?? '', force);
        out.result(() => [out.t('simulator.renewed', { name: issued.serverName, id: issued.serverId, file: options.out })], {
          serverId: issued.serverId,
          serverName: issued.serverName,
          tokenFile: path,
          fileName: issued.fileName ?? null,
        });
      }),
    );
};
