import type { Command } from 'commander';
import { checkOutputFile, writeOutputFile } from '../files/output-file';
import { createSimulatorClient, simulatorUrlOf } from '../simulator/control-client';
import { readCertificate } from '../simulator/read-certificate';
import type { IssuedServer } from '../simulator/simulator-types';
import { withSimulatorUrl } from '../simulator/simulator-url-option';
import type { Kit } from './kit';

type Options = { pem: string; out: string; name?: string; force?: boolean; simulatorUrl?: string };

/** Step 3 at the simulator's portal: add an MDM server with the .pem and download its server token (.p7m). */
export const registerPortalAddServer = (portal: Command, kit: Kit): void => {
  withSimulatorUrl(
    portal
      .command('add-server')
      .description('step 3: add an MDM server with your certificate (.pem) and download its server token (.p7m)')
      .requiredOption('--pem <file.pem>', 'the certificate from `depledger key generate`')
      .requiredOption('--out <file.p7m>', 'where to write the server token')
      .option('--name <name>', 'the MDM server name shown in the portal', 'depledger MDM')
      .option('--force', 'replace --out if it exists'),
  )
    .addHelpText('after', '\nExample:\n  depledger simulator portal add-server --pem paris.pem --out paris.p7m --name "Paris MDM"')
    .action(
      kit.action<Options>(async ({ options, io, out }) => {
        const certificatePem = readCertificate(io.cwd, options.pem);
        const force = options.force === true;
        const path = checkOutputFile(io.cwd, options.out, force, 'the server token');
        const client = createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env));
        const issued = await client.request<IssuedServer>('POST', '/_portal/servers', { name: options.name, certificatePem });
        writeOutputFile(path, issued.p7m ?? '', force);
        out.result(
          () => [
            out.t('simulator.serverAdded', { name: issued.serverName, id: issued.serverId, file: options.out }),
            out.t('simulator.serverAddedNext', { file: options.out }),
          ],
          { serverId: issued.serverId, serverName: issued.serverName, tokenFile: path, fileName: issued.fileName ?? null },
        );
      }),
    );
};
