import type { Command } from 'commander';
import { createInMemoryReadModelStore, createProjectionRunner, listOrgInventory, orgInventoryProjection } from '@depledger/projections';
import { businessServiceOf } from '../business/business-service';
import { table } from '../output/table';
import type { Kit } from './kit';

type Options = { account: string; order?: string; appleCare?: boolean };

/** `depledger business devices`: reads the organisation's inventory from Apple, records what changed, lists it with each device's situation. */
export const registerBusinessDevices = (business: Command, kit: Kit): void => {
  business
    .command('devices')
    .description("the organisation's devices as Apple lists them, and where each stands with DEP")
    .option('--order <number>', "only this order's devices")
    .option('--apple-care', 'read and record AppleCare coverage too (one call per device)')
    .option('--account <name>', 'the API account', 'default')
    .addHelpText(
      'after',
      '\nEach run reads the inventory from Apple and records what changed (OrgDeviceSeen, OrgDeviceChanged, OrgDeviceReleased).\n\nExample:\n  depledger business devices --order W123456789 --lang en',
    )
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals, io }) => {
        const devices = await withContext(async (context) => {
          await businessServiceOf(context, globals.appleUrl, io).refreshInventory({
            accountId: options.account,
            appleCare: options.appleCare === true,
            actor: globals.actor,
          });
          const readModels = createInMemoryReadModelStore();
          await createProjectionRunner({ eventStore: context.events, readModels, projections: [orgInventoryProjection] }).catchUp();
          return listOrgInventory(readModels, {
            lang: globals.lang,
            ...(options.order !== undefined ? { orderNumber: options.order } : {}),
          });
        });
        out.result(
          () =>
            devices.length === 0
              ? [options.order === undefined ? out.t('business.noDevice') : out.t('business.noDeviceOfOrder', { order: options.order })]
              : table(devices, [
                  { header: out.t('cli.col.serial'), value: (d) => d.serial },
                  { header: out.t('business.col.order'), value: (d) => d.orderNumber ?? '' },
                  { header: out.t('cli.col.model'), value: (d) => d.model ?? '' },
                  { header: out.t('business.col.situation'), value: (d) => d.situationLabel },
                  { header: out.t('business.col.appleCare'), value: (d) => d.appleCare?.endsAt?.slice(0, 10) ?? '' },
                  {
                    header: out.t('business.col.migration'),
                    value: (d) =>
                      d.migration === null
                        ? ''
                        : d.migration.deadline === null
                          ? d.migration.status
                          : out.t('business.migrationBy', { status: d.migration.status, deadline: d.migration.deadline.slice(0, 10) }),
                  },
                ]),
          devices,
        );
      }),
    );
};
