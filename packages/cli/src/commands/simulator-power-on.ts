import type { Command } from 'commander';
import { exitCodes } from '../errors/exit-codes';
import { createSimulatorClient, simulatorUrlOf } from '../simulator/control-client';
import type { PowerOn } from '../simulator/simulator-types';
import type { Output } from '../output/output';
import { withSimulatorUrl } from '../simulator/simulator-url-option';
import type { Kit } from './kit';

type Options = { simulatorUrl?: string };

const describePowerOn = (p: PowerOn, t: Output['t']): string => {
  if (!p.pushed) return t('simulator.powerOn.noProfile', { serial: p.serial });
  if (p.error !== undefined) return t('simulator.powerOn.unreachable', { serial: p.serial, error: p.error });
  return t('simulator.powerOn.answered', { serial: p.serial, status: p.status ?? '?' });
};

/** Step 8 at the simulator: devices switched on fetch their profile and call its enrollment URL. */
export const registerSimulatorPowerOn = (simulator: Command, kit: Kit): void => {
  withSimulatorUrl(
    simulator
      .command('power-on')
      .description("switch devices on: each fetches its profile and calls the profile's enrollment URL (your MDM)")
      .argument('<serials...>', 'serial numbers'),
  )
    .addHelpText('after', '\nExample:\n  depledger simulator power-on C02XK1ABCD12 F4HQ2WXYZ001')
    .action(
      kit.action<Options>(async ({ args, options, io, out }) => {
        const client = createSimulatorClient(simulatorUrlOf(options.simulatorUrl, io.env));
        const results: PowerOn[] = [];
        for (const serial of args[0] as string[]) {
          results.push(
            await client.request<PowerOn>('POST', `/_control/devices/${encodeURIComponent(serial.trim().toUpperCase())}/power-on`),
          );
        }
        out.result(() => results.map((r) => describePowerOn(r, out.t)), results);
        return results.every((r) => r.pushed && r.error === undefined) ? exitCodes.ok : exitCodes.failed;
      }),
    );
};
