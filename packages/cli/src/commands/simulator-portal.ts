import type { Command } from 'commander';
import { CliError } from '../errors/cli-error';
import { checkOutputFile, writeOutputFile } from '../files/output-file';
import { readInputFile } from '../files/input-file';
import { table } from '../output/table';
import { createSimulatorClient, simulatorUrlOf } from '../simulator/control-client';
import type { IssuedServer, PortalAssignment, PortalDevice, ServerSummary } from '../simulator/simulator-types';
import { withSimulatorUrl } from '../simulator/simulator-url-option';
import type { Kit } from './kit';

type AddServerOptions = { pem: string; out: string; name?: string; force?: boolean; simulatorUrl?: string };
type AssignOptions = { server: string; serials?: string[]; order?: string; csv?: string; simulatorUrl?: string };
type DevicesOptions = { server?: string; order?: string; simulatorUrl?: string };

const readCertificate = (cwd: string, path: string): string => {
  const certificatePem = readInputFile(cwd, path, 'The certificate file').toString('utf8');
  if (!certificatePem.includes('BEGIN CERTIFICATE')) {
    throw new CliError('INVALID_INPUT', `${path} is not a PEM certificate: give the .pem written by \`depledger key generate\`.`);
  }
  return certificatePem;
};

/** Steps 3 and 6 at the simulator's portal: add an MDM server with the .pem and download its .p7m; assign devices. */
export const registerSimulatorPortal = (simulator: Command, kit: Kit): void => {
  const portal = simulator.command('portal').description("what an administrator does in Apple's portal, at a running simulator");

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
      kit.action<AddServerOptions>(async ({ options, io, out }) => {
        const certificatePem = readCertificate(io.cwd, options.pem);
        const force = options.force === true;
        const path = checkOutputFile(io.cwd, options.out, force, 'the server token');
        const client = createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env));
        const issued = await client.request<IssuedServer>('POST', '/_portal/servers', { name: options.name, certificatePem });
        writeOutputFile(path, issued.p7m ?? '', force);
        out.result(
          () => [`MDM server "${issued.serverName}" added (${issued.serverId}); its server token is in ${options.out}.`, `Next: depledger token upload --token <id> --file ${options.out} --apple-id <your Apple ID>`],
          { serverId: issued.serverId, serverName: issued.serverName, tokenFile: path, fileName: issued.fileName ?? null },
        );
      }),
    );

  withSimulatorUrl(
    portal
      .command('renew')
      .description("download a new server token for an MDM server (renewal); the previous token stops working at once")
      .requiredOption('--server <id>', 'the MDM server id')
      .requiredOption('--pem <file.pem>', 'the certificate of the renewal key (`depledger key generate` again for the same token)')
      .requiredOption('--out <file.p7m>', 'where to write the new server token')
      .option('--force', 'replace --out if it exists'),
  )
    .addHelpText('after', '\nThe renewed token must be uploaded with the same Apple ID as the first one.\n\nExample:\n  depledger key generate --token paris --out paris-2027.pem\n  depledger simulator portal renew --server <id> --pem paris-2027.pem --out paris-2027.p7m')
    .action(
      kit.action<AddServerOptions & { server: string }>(async ({ options, io, out }) => {
        const certificatePem = readCertificate(io.cwd, options.pem);
        const force = options.force === true;
        const path = checkOutputFile(io.cwd, options.out, force, 'the server token');
        const client = createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env));
        const issued = await client.request<IssuedServer>('POST', `/_portal/servers/${encodeURIComponent(options.server)}/token`, { certificatePem });
        writeOutputFile(path, issued.p7m ?? '', force);
        out.result(
          () => [`New server token for "${issued.serverName}" (${issued.serverId}) in ${options.out}; the previous one no longer works.`],
          { serverId: issued.serverId, serverName: issued.serverName, tokenFile: path, fileName: issued.fileName ?? null },
        );
      }),
    );

  withSimulatorUrl(
    portal
      .command('assign')
      .description('step 6: assign devices to an MDM server by serial number, order number or CSV file')
      .requiredOption('--server <id>', 'the MDM server id (from add-server or `portal servers`)')
      .option('--serials <serial...>', 'serial numbers')
      .option('--order <number>', 'every device of an order number')
      .option('--csv <file>', 'a CSV file whose first column holds serial numbers (a header line is skipped)'),
  )
    .addHelpText('after', '\nExamples:\n  depledger simulator portal assign --server <id> --serials C02XK1ABCD12 F4HQ2WXYZ001\n  depledger simulator portal assign --server <id> --order W123456789\n  depledger simulator portal assign --server <id> --csv devices.csv')
    .action(
      kit.action<AssignOptions>(async ({ options, io, out }) => {
        const chosen = [options.serials, options.order, options.csv].filter((v) => v !== undefined).length;
        if (chosen !== 1) throw new CliError('INVALID_INPUT', 'Choose the devices one way: --serials <serial...>, --order <number> or --csv <file>.');
        const selection =
          options.serials !== undefined
            ? { serials: options.serials }
            : options.order !== undefined
              ? { orderNumber: options.order }
              : { csv: readInputFile(io.cwd, options.csv as string, 'The CSV file').toString('utf8') };
        const client = createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env));
        const result = await client.request<PortalAssignment>('POST', `/_portal/servers/${encodeURIComponent(options.server)}/devices`, selection);
        out.result(
          () => [
            `${result.assigned.length} device(s) assigned to ${options.server}, ${result.unchanged.length} already there, ${result.unknown.length} unknown.`,
            ...(result.unknown.length > 0 ? [`  unknown: ${result.unknown.join(' ')}`] : []),
          ],
          result,
        );
      }),
    );

  withSimulatorUrl(portal.command('servers').description("the organisation's MDM servers")).action(
    kit.action<{ simulatorUrl?: string }>(async ({ options, io, out }) => {
      const servers = await createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env)).request<ServerSummary[]>('GET', '/_portal/servers');
      out.result(
        () => table(servers, [
          { header: 'SERVER', value: (s) => s.serverId },
          { header: 'NAME', value: (s) => s.name },
          { header: 'DEVICES', value: (s) => `${s.deviceCount}` },
          { header: 'TOKEN', value: (s) => s.tokenState },
        ]),
        servers.map(({ serverId, name, deviceCount, tokenState }) => ({ serverId, name, deviceCount, tokenState })),
      );
    }),
  );

  withSimulatorUrl(
    portal
      .command('devices')
      .description("the organisation's devices as the portal lists them")
      .option('--server <id>', 'only those assigned to this MDM server')
      .option('--order <number>', 'only this order'),
  ).action(
    kit.action<DevicesOptions>(async ({ options, io, out }) => {
      const query = new URLSearchParams();
      if (options.server !== undefined) query.set('server_id', options.server);
      if (options.order !== undefined) query.set('order_number', options.order);
      const suffix = query.size > 0 ? `?${query.toString()}` : '';
      const devices = await createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env)).request<PortalDevice[]>('GET', `/_portal/devices${suffix}`);
      const shown = devices.map((d) => ({ serial: d.serial_number, model: d.model, os: d.os, orderNumber: d.order_number, serverId: d.server_id ?? null, profileStatus: d.profile_status }));
      out.result(
        () => [
          ...table(shown, [
            { header: 'SERIAL', value: (d) => d.serial },
            { header: 'MODEL', value: (d) => d.model },
            { header: 'ORDER', value: (d) => d.orderNumber },
            { header: 'SERVER', value: (d) => d.serverId ?? '-' },
            { header: 'PROFILE', value: (d) => d.profileStatus },
          ]),
          `${shown.length} device(s).`,
        ],
        shown,
      );
    }),
  );
};
